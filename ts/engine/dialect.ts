import { createRequire } from "node:module";

/** The dialect macros of includes/sql.js, loaded for the runner (prelude) and for tests (engine switch). */
export interface SqlMacros {
  DUCKDB_PRELUDE: string[];
  HASH_TYPES: string[];
  [macro: string]: unknown;
}

const require = createRequire(import.meta.url);
const MACROS_PATH = require.resolve("../../includes/sql.js");

export function loadSqlMacros(): SqlMacros {
  return require(MACROS_PATH) as SqlMacros;
}

/** Runs fn with the macros emitting SQL for the given engine, as they would inside a compile with that var. */
export function withEngine<T>(engine: "bigquery" | "duckdb", fn: (sql: SqlMacros) => T): T {
  const g = globalThis as { dataform?: unknown };
  const previous = g.dataform;
  g.dataform = { projectConfig: { vars: { engine } } };
  try {
    return fn(loadSqlMacros());
  } finally {
    g.dataform = previous;
  }
}

/** Creates the nbap_* functions (BigQuery semantics) that duckdb-mode macros call. Idempotent. */
export function duckDbPrelude(): string[] {
  return loadSqlMacros().DUCKDB_PRELUDE;
}
