import { openRawStore } from "../config/runtime.ts";
import type { Warehouse } from "../engine/warehouse.ts";
import { Quarantine } from "./quarantine.ts";
import { rawTable } from "./raw-tables.ts";

export interface UnloadResult {
  sourceFile: string;
  table: string;
  /** Rows of the file removed from its table and from nba_raw.superseded_rows. */
  rowsRemoved: number;
  /** Rows of other files that had lost their key to this file and are back in the table. */
  rowsRestored: number;
}

export class UnloadError extends Error {
  override name = "UnloadError";
}

/**
 * Removes one loaded file from the raw layer in one transaction: its rows (and its superseded rows) go, every row
 * of another file it had superseded comes back when nothing else holds the key, its quarantine entries are
 * cleared, and load_log records status `unloaded` (so the next import loads the file again if it is still there).
 */
export async function unloadRawFile(
  warehouse: Warehouse,
  sourceFile: string,
  options: { datasetPrefix: string; quarantineDir: string },
): Promise<UnloadResult> {
  const store = openRawStore(warehouse, options.datasetPrefix);
  await store.ensureTables();
  const last = await store.lastLoad(sourceFile);
  if (!last) throw new UnloadError(`${sourceFile}: never loaded (nba_raw.load_log has no entry for it)`);
  const held = await store.rowsOfFile(last.table, sourceFile);
  if (last.status === "unloaded" && held.total === 0) throw new UnloadError(`${sourceFile}: already unloaded`);
  const spec = rawTable(last.table);
  const at = new Date().toISOString();
  const changes = await store.transaction(async (session) => {
    const removed = await session.removeFileRows(spec, sourceFile, at);
    const after = await session.rowsOfFile(last.table, sourceFile);
    if (after.total !== 0 || removed.replaced !== held.total) {
      throw new UnloadError(`${sourceFile}: unload removed ${removed.replaced} of ${held.total} rows (rolled back)`);
    }
    await session.recordLoad({
      sourceFile,
      table: last.table,
      kind: last.kind,
      sourceHash: last.sourceHash,
      status: "unloaded",
      rowsLoaded: 0,
      rowsRejected: 0,
      message: `unloaded: ${removed.replaced} rows removed, ${removed.restored} superseded rows of other files restored`,
      loadedAt: at,
    });
    return removed;
  });
  new Quarantine(options.quarantineDir).clear(last.table, sourceFile);
  return { sourceFile, table: last.table, rowsRemoved: changes.replaced, rowsRestored: changes.restored };
}
