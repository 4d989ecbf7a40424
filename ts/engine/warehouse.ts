/**
 * The Warehouse port: the only way the glue talks to a SQL engine. Local runtime = DuckDB file
 * (duckdb-warehouse.ts); gcp runtime = BigQuery (ts/gcp/bigquery-warehouse.ts). Parameters are always bound,
 * never spliced into SQL. Statements sent through query/execute are written in the engine's own dialect by the
 * adapter that owns them; engine-neutral callers use ensureTables, datasetColumns, loadRows, mergeRows and the
 * GoogleSQL methods (BigQuery's dialect with @named parameters and tables named by tablePath, which the DuckDB
 * adapter translates with the engine's translator).
 */
export type SqlParam = string | number | boolean | null | bigint;
export type SqlParams = Record<string, SqlParam> | SqlParam[];
export type Row = Record<string, unknown>;

export interface QueryOptions {
  params?: SqlParams;
  /** Cancel the job after this many milliseconds (default: the warehouse's configured timeout). */
  timeoutMs?: number;
  /** Job labels (BigQuery: phase, action, run id), so cost and failures can be traced to their origin. */
  labels?: Record<string, string>;
}

/** The declared BigQuery column types (includes/raw_tables.js, `type:` tags of definitions/processing). */
export type ColumnType = "STRING" | "INT64" | "FLOAT64" | "NUMERIC" | "BOOL" | "DATE" | "TIMESTAMP";

/** A column as the warehouse has it: its BigQuery type name (e.g. INT64, ARRAY<STRING>), absent when it has none. */
export interface TableColumn {
  name: string;
  type?: string;
}

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  description?: string;
}

/** A table as declared in the project: its columns and, for BigQuery, its physical layout. */
export interface TableSpec {
  schema: string;
  name: string;
  description?: string;
  columns: ColumnSpec[];
  /** Partitioning: a DATE column, or a TIMESTAMP column partitioned by its day. */
  partitionBy?: string;
  /** Clustering columns (BigQuery allows up to four). */
  clusterBy?: string[];
}

export interface MergeRowsOptions extends Pick<QueryOptions, "labels" | "timeoutMs"> {
  /** The columns a row is matched on: a matched row is updated, an unmatched one inserted. */
  key: string[];
  /**
   * A batch replaces whole groups: target rows sharing these columns' values with a merged row but matching no
   * merged key are deleted (e.g. a prediction system no longer produced for a player-game).
   */
  replaceGroupsBy?: string[];
}

export interface WarehouseSession {
  query<T = Row>(sql: string, options?: QueryOptions): Promise<T[]>;
  /** Runs a statement and returns the number of rows it changed (0 for DDL). */
  execute(sql: string, options?: QueryOptions): Promise<number>;
  /** A GoogleSQL query (@named parameters, tables from tablePath), run on either engine. */
  queryGoogleSql<T = Row>(sql: string, options?: QueryOptions): Promise<T[]>;
  /** A GoogleSQL statement (DML), run on either engine; returns the rows it changed. */
  executeGoogleSql(sql: string, options?: QueryOptions): Promise<number>;
}

/** A table's content, order-free and duplicates counted: equal fingerprints mean (almost surely) equal rows. */
export interface ContentFingerprint {
  rows: number;
  fingerprint: string;
}

export interface Warehouse extends WarehouseSession {
  readonly engine: "duckdb" | "bigquery";
  /**
   * Creates each table's schema (dataset) and the table from its declared columns when missing, and adds columns
   * declared since a table was made; tables that already match cost one read of their schema's columns.
   */
  ensureTables(specs: readonly TableSpec[]): Promise<void>;
  /** Every table of a schema (dataset) and its columns, in order; empty when the schema does not exist. */
  datasetColumns(schema: string): Promise<Map<string, TableColumn[]>>;
  /** Appends rows (keyed by column name; missing columns are NULL) to a table created by ensureTables; returns the count. */
  loadRows(spec: TableSpec, rows: Row[], options?: Pick<QueryOptions, "labels" | "timeoutMs">): Promise<number>;
  /** Upserts rows (by column name) into a table made by ensureTables, in one transaction; returns the rows inserted or changed. */
  mergeRows(spec: TableSpec, rows: Row[], options: MergeRowsOptions): Promise<number>;
  /** The table's name in GoogleSQL text (a backticked path), for queryGoogleSql/executeGoogleSql. */
  tablePath(schema: string, name: string): string;
  tableExists(schema: string, name: string): Promise<boolean>;
  /** The engine's fingerprint of every row of a table (DuckDB: hash(); BigQuery: FARM_FINGERPRINT of the JSON row). */
  contentFingerprint(schema: string, name: string): Promise<ContentFingerprint>;
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
