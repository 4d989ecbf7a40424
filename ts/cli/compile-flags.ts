import type { Command } from "commander";
import type { CompileOptions } from "../engine/compile.ts";
import { parseVars } from "./context.ts";

/** The stock `dataform compile` flags, shared by every command that compiles. */
export function addCompileFlags(command: Command): Command {
  return command
    .option("--project <dir>", "the Dataform project directory", process.cwd())
    .option("--vars <k=v,...>", "compile variables, e.g. start_date=2024-01-01,end_date=2024-01-31")
    .option("--default-database <name>", "override the default database (GCP project)")
    .option("--default-schema <name>", "override the default schema (dataset)")
    .option("--default-location <location>", "override the default BigQuery location")
    .option("--assertion-schema <name>", "override the assertion schema")
    .option("--disable-assertions", "leave out every assertion, built-in and manual")
    .option("--database-suffix <suffix>", "suffix appended to every database")
    .option("--schema-suffix <suffix>", "suffix appended to every schema")
    .option("--table-prefix <prefix>", "prefix prepended to every table name");
}

export interface CompileFlagValues {
  project: string;
  vars?: string;
  defaultDatabase?: string;
  defaultSchema?: string;
  defaultLocation?: string;
  assertionSchema?: string;
  disableAssertions?: boolean;
  databaseSuffix?: string;
  schemaSuffix?: string;
  tablePrefix?: string;
}

export function compileOptionsFrom(flags: CompileFlagValues, projectDir: string, engine?: "duckdb"): CompileOptions {
  const vars = parseVars(flags.vars);
  return {
    projectDir,
    vars: engine ? { ...vars, engine } : flags.vars ? vars : undefined,
    defaultDatabase: flags.defaultDatabase,
    defaultSchema: flags.defaultSchema,
    defaultLocation: flags.defaultLocation,
    assertionSchema: flags.assertionSchema,
    disableAssertions: flags.disableAssertions,
    databaseSuffix: flags.databaseSuffix,
    schemaSuffix: flags.schemaSuffix,
    tablePrefix: flags.tablePrefix,
  };
}
