/**
 * The Warehouse port: the only way the glue talks to a SQL engine. Local runtime = DuckDB file
 * (duckdb-warehouse.ts); gcp runtime = BigQuery. Parameters are always bound, never spliced into SQL.
 */
export type SqlParam = string | number | boolean | null | bigint;
export type SqlParams = Record<string, SqlParam> | SqlParam[];
export type Row = Record<string, unknown>;

export interface QueryOptions {
  params?: SqlParams;
  /** Cancel the job after this many milliseconds (default: the warehouse's configured timeout). */
  timeoutMs?: number;
}

export interface WarehouseSession {
  query<T = Row>(sql: string, options?: QueryOptions): Promise<T[]>;
  /** Runs a statement and returns the number of rows it changed (0 for DDL). */
  execute(sql: string, options?: QueryOptions): Promise<number>;
}

export interface Warehouse extends WarehouseSession {
  readonly engine: "duckdb" | "bigquery";
  /** Runs fn on one dedicated session inside a transaction: all of it commits, or none of it. */
  transaction<T>(fn: (session: WarehouseSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class QueryTimeoutError extends Error {
  override name = "QueryTimeoutError";
  constructor(readonly timeoutMs: number) {
    super(`query cancelled after ${timeoutMs} ms (raise NBA_PROPS_QUERY_TIMEOUT_MS if this job is legitimately long)`);
  }
}
