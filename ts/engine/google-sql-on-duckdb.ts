import { tokenize } from "../check/sql-tokens.ts";
import { toDuckDb } from "./to-duckdb.ts";

const translated = new Map<string, string>();
const MAX_CACHED = 1000;

/**
 * One GoogleSQL statement of the glue as DuckDB SQL: each `@name` parameter becomes DuckDB's `$name` (strings,
 * backticked identifiers and comments are left alone, the lexer knows them), then the engine's translator
 * (toDuckDb: backticked `dataset.table` paths to DuckDB's schema.table, the syntax transpiled). The glue's
 * statements are a fixed set of texts, so translations are cached by text.
 */
export function googleSqlToDuckDb(sql: string): string {
  const hit = translated.get(sql);
  if (hit !== undefined) return hit;
  const tokens = tokenize(sql);
  const withDollars = tokens
    .map((t, i) => {
      const next = tokens[i + 1];
      return t.kind === "punct" && t.text === "@" && next?.kind === "word" && next.start === t.end ? "$" : t.text;
    })
    .join("");
  const statements = toDuckDb(withDollars, { action: "glue statement", file: "warehouse port" });
  if (statements.length !== 1) throw new Error(`expected one GoogleSQL statement, got ${statements.length}: ${sql}`);
  if (translated.size >= MAX_CACHED) translated.clear();
  translated.set(sql, statements[0]!);
  return statements[0]!;
}

/** `dataset.table` as GoogleSQL text: validated identifiers in one backticked path (DuckDB: schema.table). */
export function googleSqlTablePath(schema: string, name: string): string {
  for (const part of [schema, name]) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) throw new Error(`refusing unsafe table name part "${part}"`);
  }
  return `\`${schema}.${name}\``;
}
