import type { RawRow } from "./payload-kind.ts";
import type { PlayerAlias, RegisteredPlayer } from "./player-resolver.ts";
import type { RawTableSpec } from "./raw-tables.ts";
import type { TeamCrosswalkRow } from "./team-resolver.ts";

/**
 * The raw layer's storage, behind one port so the loaders hold no engine SQL: local = DuckDB (duckdb-raw-store.ts),
 * gcp = BigQuery (ts/gcp/bigquery-raw-store.ts). Both keep the same tables (includes/raw_tables.js), the same
 * latest-load-wins rule with superseded_rows, and the same load_log.
 */
export interface FileProvenance {
  sourceFile: string;
  sourceHash: string;
  loadedAt: string;
}

/** The load_log row of an entry, as named query parameters (the same names on both engines). */
export function loadLogParams(entry: LoadLogEntry) {
  return {
    source_file: entry.sourceFile,
    table_name: entry.table,
    kind: entry.kind,
    source_hash: entry.sourceHash,
    status: entry.status,
    rows_loaded: entry.rowsLoaded,
    rows_rejected: entry.rowsRejected,
    message: entry.message,
    loaded_at: entry.loadedAt,
  };
}

/** What replacing one file's rows did to its table. */
export interface RowChanges {
  /** Rows of the file's earlier version removed (from the table and from superseded_rows). */
  replaced: number;
  inserted: number;
  /** Rows of other files that lost their natural key to this file (moved to superseded_rows). */
  displaced: number;
  /** Superseded rows of other files put back because this file no longer holds their key. */
  restored: number;
}

export interface LoadLogEntry {
  sourceFile: string;
  table: string;
  kind: string;
  sourceHash: string;
  status: "loaded" | "failed" | "unloaded";
  rowsLoaded: number;
  rowsRejected: number;
  message: string | null;
  loadedAt: string;
}

/** Rows of one file the raw layer holds: in its table plus superseded; `sameVersion` counts one file version's. */
export interface FileRows {
  total: number;
  inTable: number;
  superseded: number;
  sameVersion: number;
}

export interface LastLoad {
  table: string;
  kind: string;
  sourceHash: string;
  status: string;
}

/** What parsers resolve names against, read from the reference raw tables. */
export interface ReferenceRows {
  crosswalk: TeamCrosswalkRow[];
  aliases: PlayerAlias[];
  players: RegisteredPlayer[];
}

/** What a load does inside its one transaction. */
export interface RawStoreSession {
  /** Rows of `table` plus its superseded rows: a load must change this by exactly what it says. */
  tableRowCount(table: string): Promise<number>;
  rowsOfFile(table: string, sourceFile: string, sourceHash?: string): Promise<FileRows>;
  /**
   * Replaces every row of one source file with `rows` (each carrying source_line), set-based. Keyed tables keep one
   * row per natural key across files: this load's rows win, a row of another file with the same key moves to
   * superseded_rows (kept whole), a superseded row whose key this file no longer holds comes back.
   */
  replaceFileRows(spec: RawTableSpec, provenance: FileProvenance, rows: readonly RawRow[]): Promise<RowChanges>;
  /** Removes every row of one source file (and its superseded rows), restoring rows it had superseded. */
  removeFileRows(spec: RawTableSpec, sourceFile: string, at: string): Promise<RowChanges>;
  recordLoad(entry: LoadLogEntry): Promise<void>;
}

export interface RawStore extends RawStoreSession {
  /** Creates the raw dataset and every declared table that does not exist; a table unlike its declaration is an error. */
  ensureTables(): Promise<void>;
  /**
   * True when this exact file version is already fully in its table: its latest log entry has the same hash, status
   * loaded and no rejected records, and the table holds exactly that many rows of the file, all of that version.
   */
  isAlreadyLoaded(table: string, sourceFile: string, sourceHash: string): Promise<boolean>;
  /** Another file whose latest load of `table` is this exact content and still loaded, if any. */
  sameContentLoadedAs(table: string, sourceFile: string, sourceHash: string): Promise<string | undefined>;
  /** The table a source file was last loaded into (for unload), or undefined when the log never saw it. */
  lastLoad(sourceFile: string): Promise<LastLoad | undefined>;
  referenceRows(): Promise<ReferenceRows>;
  rowCount(table: string): Promise<number>;
  /**
   * Makes `rows` available to the next transaction's replaceFileRows (call it before the transaction): the local
   * store binds them in the statement itself; BigQuery loads them into a staging table first, because a BigQuery
   * transaction reads its tables as of its start.
   */
  stageRows(spec: RawTableSpec, rows: readonly RawRow[]): Promise<void>;
  transaction<T>(fn: (session: RawStoreSession) => Promise<T>): Promise<T>;
}

export interface LogEntryState {
  source_hash: string;
  status: string;
  rows_loaded: number;
  rows_rejected: number;
}

/** The latest log entry says this version loaded without rejections (then the table must still hold its rows). */
export function logSaysLoaded(last: LogEntryState | undefined, sourceHash: string): last is LogEntryState {
  return Boolean(
    last && last.source_hash === sourceHash && last.status === "loaded" && Number(last.rows_rejected) === 0,
  );
}

/** The table holds exactly the logged number of the file's rows, all of that version. */
export function rowsMatchLog(last: LogEntryState, rows: FileRows): boolean {
  return rows.total === Number(last.rows_loaded) && rows.sameVersion === Number(last.rows_loaded);
}
