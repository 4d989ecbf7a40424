import type { Command } from "commander";
import type { CompileOptions } from "../engine/compile.ts";
import { collect } from "./option-parsers.ts";
import { parseVars } from "./vars.ts";

/** The stock `dataform compile` flags, shared by every command that compiles. */
export function addCompileFlags(command: Command): Command {
  return command
    .option("--project <dir>", "the Dataform project directory", process.cwd())
    .option(
      "--vars <k=v,...>",
      "compile variables, e.g. start_date=2024-01-01,end_date=2024-01-31 (repeatable; merged)",
      collect,
    )
    .option("--default-database <name>", "override the default database (GCP project)")
    .option("--default-schema <name>", "override the default schema (dataset)")
    .option("--default-location <location>", "override the default BigQuery location")
    .option("--assertion-schema <name>", "override the assertion schema")
    .option("--disable-assertions", "leave out every assertion, built-in and manual")
    .option("--database-suffix <suffix>", "suffix appended to every database")
    .option("--schema-suffix <suffix>", "suffix appended to every schema")
    .option("--table-prefix <prefix>", "prefix prepended to every table name");
}

/** Commander's values for the flags above: CompileOptions, with each --vars occurrence still as its raw `k=v,…` text. */
export type CompileFlagValues = Omit<CompileOptions, "projectDir" | "vars" | "timeoutMs"> & {
  project: string;
  vars?: string[];
};

/** The compile options of the flags (every compile is BigQuery's: the local engine translates what it emits). */
export function compileOptionsFrom(flags: CompileFlagValues, projectDir: string): CompileOptions {
  const vars = parseVars(flags.vars);
  const { project: _project, vars: _vars, ...overrides } = flags;
  return { ...overrides, projectDir, vars: flags.vars ? vars : undefined };
}
