import type { WarehouseSession } from "../engine/warehouse.ts";
import { qualifiedRawTable } from "./raw-tables.ts";

export interface LoadLogEntry {
  sourceFile: string;
  table: string;
  kind: string;
  sourceHash: string;
  status: "loaded" | "failed";
  rowsLoaded: number;
  rowsRejected: number;
  message: string | null;
  loadedAt: string;
}

export async function recordLoad(session: WarehouseSession, datasetPrefix: string, entry: LoadLogEntry): Promise<void> {
  await session.execute(
    `INSERT INTO ${qualifiedRawTable(datasetPrefix, "load_log")}
       (source_file, table_name, payload_kind, source_hash, status, rows_loaded, rows_rejected, message, loaded_at)
     VALUES ($source_file, $table_name, $kind, $source_hash, $status, $rows_loaded, $rows_rejected, $message, CAST($loaded_at AS TIMESTAMP))`,
    {
      params: {
        source_file: entry.sourceFile,
        table_name: entry.table,
        kind: entry.kind,
        source_hash: entry.sourceHash,
        status: entry.status,
        rows_loaded: entry.rowsLoaded,
        rows_rejected: entry.rowsRejected,
        message: entry.message,
        loaded_at: entry.loadedAt,
      },
    },
  );
}

/**
 * True when this exact file version is already fully in its table: the latest log entry for the file has the same
 * hash, status loaded and no rejected records, and the table holds exactly that many rows of the file, all of
 * that version. A file that had rejections is loaded again (reference data may have been fixed since).
 */
export async function isAlreadyLoaded(
  session: WarehouseSession,
  datasetPrefix: string,
  table: string,
  sourceFile: string,
  sourceHash: string,
): Promise<boolean> {
  const [last] = await session.query<{ source_hash: string; status: string; rows_loaded: number; rows_rejected: number }>(
    `SELECT source_hash, status, rows_loaded, rows_rejected FROM ${qualifiedRawTable(datasetPrefix, "load_log")}
     WHERE source_file = $source_file AND table_name = $table_name ORDER BY loaded_at DESC LIMIT 1`,
    { params: { source_file: sourceFile, table_name: table } },
  );
  if (!last || last.source_hash !== sourceHash || last.status !== "loaded" || Number(last.rows_rejected) !== 0) return false;
  const [counts] = await session.query<{ total: number; same_version: number }>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE source_hash = $source_hash) AS same_version
     FROM ${qualifiedRawTable(datasetPrefix, table)} WHERE source_file = $source_file`,
    { params: { source_file: sourceFile, source_hash: sourceHash } },
  );
  return Number(counts?.total) === Number(last.rows_loaded) && Number(counts?.same_version) === Number(last.rows_loaded);
}

/** Rows currently in `table` that came from `sourceFile`. */
export async function rowsOfFile(session: WarehouseSession, datasetPrefix: string, table: string, sourceFile: string): Promise<number> {
  const [row] = await session.query<{ n: number }>(
    `SELECT count(*) AS n FROM ${qualifiedRawTable(datasetPrefix, table)} WHERE source_file = $source_file`,
    { params: { source_file: sourceFile } },
  );
  return Number(row?.n ?? 0);
}
