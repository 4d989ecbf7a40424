import type { WarehouseSession } from "../engine/warehouse.ts";
import {
  type FileRows,
  type LastLoad,
  type LoadLogEntry,
  loadLogParams,
  logSaysLoaded,
  rowsMatchLog,
} from "./raw-store.ts";
import { qualifiedRawTable } from "./raw-tables.ts";

export async function recordLoad(session: WarehouseSession, datasetPrefix: string, entry: LoadLogEntry): Promise<void> {
  await session.execute(
    `INSERT INTO ${qualifiedRawTable(datasetPrefix, "load_log")}
       (source_file, table_name, payload_kind, source_hash, status, rows_loaded, rows_rejected, message, loaded_at)
     VALUES ($source_file, $table_name, $kind, $source_hash, $status, $rows_loaded, $rows_rejected, $message, CAST($loaded_at AS TIMESTAMP))`,
    {
      params: loadLogParams(entry),
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
  const [last] = await session.query<{
    source_hash: string;
    status: string;
    rows_loaded: number;
    rows_rejected: number;
  }>(
    `SELECT source_hash, status, rows_loaded, rows_rejected FROM ${qualifiedRawTable(datasetPrefix, "load_log")}
     WHERE source_file = $source_file AND table_name = $table_name ORDER BY loaded_at DESC LIMIT 1`,
    { params: { source_file: sourceFile, table_name: table } },
  );
  if (!logSaysLoaded(last, sourceHash)) return false;
  return rowsMatchLog(last, await rowsOfFile(session, datasetPrefix, table, sourceFile, sourceHash));
}

/**
 * Rows of `sourceFile` the raw layer holds for `table`: in the table plus those superseded by another file's rows
 * (nba_raw.superseded_rows); `sameVersion` counts those of version `sourceHash`.
 */
export async function rowsOfFile(
  session: WarehouseSession,
  datasetPrefix: string,
  table: string,
  sourceFile: string,
  sourceHash = "",
): Promise<FileRows> {
  const [row] = await session.query<{ in_table: number; superseded: number; same_version: number }>(
    `WITH held AS (
       SELECT source_hash, TRUE AS in_table FROM ${qualifiedRawTable(datasetPrefix, table)} WHERE source_file = $source_file
       UNION ALL
       SELECT source_hash, FALSE FROM ${qualifiedRawTable(datasetPrefix, "superseded_rows")}
       WHERE table_name = $table_name AND source_file = $source_file)
     SELECT count(*) FILTER (WHERE in_table) AS in_table, count(*) FILTER (WHERE NOT in_table) AS superseded,
            count(*) FILTER (WHERE source_hash = $source_hash) AS same_version FROM held`,
    { params: { source_file: sourceFile, table_name: table, source_hash: sourceHash } },
  );
  const inTable = Number(row?.in_table ?? 0);
  const superseded = Number(row?.superseded ?? 0);
  return { total: inTable + superseded, inTable, superseded, sameVersion: Number(row?.same_version ?? 0) };
}

/** Rows of `table` and of its superseded rows: the loader checks that a load changes this by exactly what it says. */
export async function tableRowCount(session: WarehouseSession, datasetPrefix: string, table: string): Promise<number> {
  const [row] = await session.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM ${qualifiedRawTable(datasetPrefix, table)})
          + (SELECT count(*) FROM ${qualifiedRawTable(datasetPrefix, "superseded_rows")} WHERE table_name = $table_name) AS n`,
    { params: { table_name: table } },
  );
  return Number(row?.n ?? 0);
}

/** Another file whose latest load of `table` is this exact content (same SHA-256) and still loaded, if any. */
export async function sameContentLoadedAs(
  session: WarehouseSession,
  datasetPrefix: string,
  table: string,
  sourceFile: string,
  sourceHash: string,
): Promise<string | undefined> {
  const [row] = await session.query<{ source_file: string }>(
    `SELECT l.source_file FROM ${qualifiedRawTable(datasetPrefix, "load_log")} l
     WHERE l.table_name = $table_name AND l.source_hash = $source_hash AND l.source_file <> $source_file AND l.status = 'loaded'
       AND NOT EXISTS (SELECT 1 FROM ${qualifiedRawTable(datasetPrefix, "load_log")} later
                       WHERE later.source_file = l.source_file AND later.table_name = l.table_name AND later.loaded_at > l.loaded_at)
     ORDER BY l.source_file LIMIT 1`,
    { params: { table_name: table, source_hash: sourceHash, source_file: sourceFile } },
  );
  return row?.source_file;
}

/** The table a source file was last loaded into (for unload), or undefined when the log never saw it. */
export async function lastLoad(
  session: WarehouseSession,
  datasetPrefix: string,
  sourceFile: string,
): Promise<LastLoad | undefined> {
  const [row] = await session.query<{ table_name: string; payload_kind: string; source_hash: string; status: string }>(
    `SELECT table_name, payload_kind, source_hash, status FROM ${qualifiedRawTable(datasetPrefix, "load_log")}
     WHERE source_file = $source_file ORDER BY loaded_at DESC LIMIT 1`,
    { params: { source_file: sourceFile } },
  );
  return row && { table: row.table_name, kind: row.payload_kind, sourceHash: row.source_hash, status: row.status };
}
