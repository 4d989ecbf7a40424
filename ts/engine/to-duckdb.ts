import { Dialect, transpile } from "@polyglot-sql/sdk";
import { findForbiddenConstructs } from "./dialect-lint.ts";

/** Where a statement came from, for error messages. */
export interface StatementOrigin {
  action: string;
  file: string;
}

export class DialectError extends Error {
  override name = "DialectError";
}

/**
 * Maps a BigQuery table reference to its DuckDB `schema.table`. Dataform emits `database.schema.name` in
 * backticks; locally the database is dropped and the optional dataset prefix isolates a run.
 */
export function substituteTargets(sql: string, datasetPrefix: string): string {
  return sql.replace(/`([^`\s]+)`/g, (whole, ident: string) => {
    const parts = ident.split(".");
    if (parts.length < 2 || parts.length > 3) return whole;
    const [schema, name] = parts.slice(-2) as [string, string];
    return `\`${datasetPrefix}${schema}\`.\`${name}\``;
  });
}

/**
 * The local runner's one path from compiled BigQuery SQL to DuckDB SQL: refuse constructs that would be silently
 * wrong (naming the macro to use), substitute targets, then transpile. Returns one or more DuckDB statements.
 */
export function toDuckDb(sql: string, origin: StatementOrigin, datasetPrefix = ""): string[] {
  const findings = findForbiddenConstructs(sql);
  if (findings.length > 0) {
    const list = findings
      .map((f) => `  line ${f.line}: ${f.construct} (${f.why}): use ${f.macro}`)
      .join("\n");
    throw new DialectError(
      `action ${origin.action} (${origin.file}) uses construct(s) that do not run the same on DuckDB:\n${list}`,
    );
  }
  const result = transpile(substituteTargets(sql, datasetPrefix), Dialect.BigQuery, Dialect.DuckDB);
  if (!result.success || !result.sql) {
    const where = result.errorLine ? ` at line ${result.errorLine}, column ${result.errorColumn}` : "";
    throw new DialectError(`action ${origin.action} (${origin.file}): cannot translate SQL${where}: ${result.error}`);
  }
  return result.sql.filter((s) => s.trim().length > 0);
}
