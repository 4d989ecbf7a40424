import { Dialect, transpile } from "@polyglot-sql/sdk";
import { tokenize } from "../check/sql-tokens.ts";

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
  // backticks inside string literals (a regular expression matching `code`) are text, not names
  return tokenize(sql)
    .map((t) => {
      const parts = t.kind === "quoted" ? t.text.slice(1, -1).split(".") : [];
      if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === "" || /\s/.test(p))) return t.text;
      const [schema, name] = parts.slice(-2) as [string, string];
      return `\`${datasetPrefix}${schema}\`.\`${name}\``;
    })
    .join("");
}

/**
 * The last step from BigQuery SQL to DuckDB: targets substituted, then the syntax transpiled. Only statements the
 * allowlist (ts/engine/dialect/allowlist.ts) has accepted and rewritten reach it: every construct whose meaning
 * differs is by then an nbap_* call, which the transpiler passes through untouched.
 */
/**
 * The transpiler's default nesting limits (32) are below what real models reach (a data_hash over dozens of
 * fields, a long UNION ALL chain). The parser's recursion stays bounded by the parser, parenthesis and call depths;
 * the AST depth is left practically unbounded, because a UNION ALL of n branches is n levels deep and is handled
 * without deep recursion (30 000 branches measured). A statement that still exhausts the WASM stack (a sum of
 * ~20 000 terms) comes back as a translation error, so it is refused before anything runs.
 */
const COMPLEXITY = { maxParserDepth: 128, maxAstDepth: 1_000_000, maxParenthesisDepth: 256, maxFunctionCallDepth: 256 };

export function toDuckDb(sql: string, origin: StatementOrigin, datasetPrefix = ""): string[] {
  const result = transpile(substituteTargets(sql, datasetPrefix), Dialect.BigQuery, Dialect.DuckDB, {
    complexityGuard: COMPLEXITY,
  });
  if (!result.success || !result.sql) {
    const where = result.errorLine ? ` at line ${result.errorLine}, column ${result.errorColumn}` : "";
    const tooDeep = /Maximum call stack size exceeded|E_GUARD_\w+_DEPTH_EXCEEDED/.test(result.error ?? "")
      ? " (the statement nests too deeply for the transpiler: split the expression or the query into CTEs or actions)"
      : "";
    throw new DialectError(
      `action ${origin.action} (${origin.file}): cannot translate SQL${where}: ${result.error}${tooDeep}`,
    );
  }
  return result.sql.filter((s) => s.trim().length > 0);
}
