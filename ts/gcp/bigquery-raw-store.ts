import { randomUUID } from "node:crypto";
import type { WarehouseSession } from "../engine/warehouse.ts";
import type { RawRow } from "../raw/payload-kind.ts";
import type { PlayerAlias, RegisteredPlayer } from "../raw/player-resolver.ts";
import {
  type FileProvenance,
  type FileRows,
  type LastLoad,
  type LoadLogEntry,
  type LogEntryState,
  loadLogParams,
  logSaysLoaded,
  type RawStore,
  type RawStoreSession,
  type ReferenceRows,
  type RowChanges,
  rowsMatchLog,
} from "../raw/raw-store.ts";
import { RAW_TABLES, type RawTableSpec } from "../raw/raw-tables.ts";
import type { TeamCrosswalkRow } from "../raw/team-resolver.ts";
import { AFFECTED, INCOMING, POOL, RawSql, rawTableSpec, stagingTableSpec } from "./bigquery-raw-sql.ts";
import type { BigQueryWarehouse } from "./bigquery-warehouse.ts";

const LABELS = { phase: "raw" };
/** Tables the loader writes itself (no file's rows are staged into them). */
const LOADER_TABLES = new Set(["load_log", "superseded_rows"]);

/**
 * The gcp RawStore: `<prefix>nba_raw` in BigQuery. A load's parsed rows go to a staging table by a load job (no
 * query-parameter size limit, no streaming buffer) before its transaction, because a BigQuery transaction reads the
 * tables as of its start; the transaction (one session) then applies the same latest-load-wins rule as the local
 * store, in GoogleSQL, and the staged rows are removed after it committed or rolled back.
 */
export class BigQueryRawStore implements RawStore {
  private readonly sql: RawSql;
  private readonly direct: RawStoreSession;
  /** Loads staged for the transaction under way: their staging rows go once it ended. */
  private pending: { spec: RawTableSpec; loadId: string; rows: readonly RawRow[] }[] = [];

  constructor(
    private readonly warehouse: BigQueryWarehouse,
    private readonly datasetPrefix: string,
  ) {
    this.sql = new RawSql(warehouse.projectId, datasetPrefix);
    this.direct = this.session(warehouse);
  }

  async ensureTables(): Promise<void> {
    const specs = [...RAW_TABLES.values()];
    await this.warehouse.ensureTables([
      ...specs.map((spec) => rawTableSpec(spec, this.datasetPrefix)),
      ...specs
        .filter((spec) => !LOADER_TABLES.has(spec.name))
        .map((spec) => stagingTableSpec(spec, this.datasetPrefix)),
    ]);
  }

  async isAlreadyLoaded(table: string, sourceFile: string, sourceHash: string): Promise<boolean> {
    const [last] = await this.warehouse.query<LogEntryState>(this.sql.latestLogEntry(), {
      params: { source_file: sourceFile, table_name: table },
      labels: LABELS,
    });
    if (!logSaysLoaded(last, sourceHash)) return false;
    return rowsMatchLog(last, await this.direct.rowsOfFile(table, sourceFile, sourceHash));
  }

  async sameContentLoadedAs(table: string, sourceFile: string, sourceHash: string): Promise<string | undefined> {
    const [row] = await this.warehouse.query<{ source_file: string }>(this.sql.sameContentLoadedAs(), {
      params: { table_name: table, source_hash: sourceHash, source_file: sourceFile },
      labels: LABELS,
    });
    return row?.source_file;
  }

  async lastLoad(sourceFile: string): Promise<LastLoad | undefined> {
    const [row] = await this.warehouse.query<{
      table_name: string;
      payload_kind: string;
      source_hash: string;
      status: string;
    }>(this.sql.lastLoad(), {
      params: { source_file: sourceFile },
      labels: LABELS,
    });
    return row && { table: row.table_name, kind: row.payload_kind, sourceHash: row.source_hash, status: row.status };
  }

  async referenceRows(): Promise<ReferenceRows> {
    const q = this.sql.referenceQueries();
    return {
      crosswalk: await this.warehouse.query<TeamCrosswalkRow>(q.crosswalk, { labels: LABELS }),
      aliases: await this.warehouse.query<PlayerAlias>(q.aliases, { labels: LABELS }),
      players: await this.warehouse.query<RegisteredPlayer>(q.players, { labels: LABELS }),
    };
  }

  async rowCount(table: string): Promise<number> {
    const [row] = await this.warehouse.query<{ n: number }>(this.sql.rowCount(table), { labels: LABELS });
    return Number(row?.n ?? 0);
  }

  /** Runs fn in one BigQuery transaction (one session); the rows staged for it are removed once it ended. */
  async transaction<T>(fn: (session: RawStoreSession) => Promise<T>): Promise<T> {
    try {
      return await this.warehouse.transaction((s) => fn(this.session(s)));
    } finally {
      const done = this.pending;
      this.pending = [];
      for (const p of done)
        await this.warehouse.execute(this.sql.deleteStaged(p.spec), { params: { load_id: p.loadId }, labels: LABELS });
    }
  }

  /** A load job puts the rows in the table's staging table before the transaction; replaceFileRows reads them by load id. */
  async stageRows(spec: RawTableSpec, rows: readonly RawRow[]): Promise<void> {
    const loadId = randomUUID();
    await this.warehouse.loadRows(
      stagingTableSpec(spec, this.datasetPrefix),
      rows.map((r) => ({ ...r, load_id: loadId })),
      { labels: { ...LABELS, action: spec.name } },
    );
    this.pending.push({ spec, loadId, rows });
  }

  tableRowCount(table: string) {
    return this.direct.tableRowCount(table);
  }

  rowsOfFile(table: string, sourceFile: string, sourceHash?: string) {
    return this.direct.rowsOfFile(table, sourceFile, sourceHash);
  }

  replaceFileRows(...args: Parameters<RawStoreSession["replaceFileRows"]>) {
    return this.direct.replaceFileRows(...args);
  }

  removeFileRows(...args: Parameters<RawStoreSession["removeFileRows"]>) {
    return this.direct.removeFileRows(...args);
  }

  recordLoad(...args: Parameters<RawStoreSession["recordLoad"]>) {
    return this.direct.recordLoad(...args);
  }

  private session(s: WarehouseSession): RawStoreSession {
    const sql = this.sql;
    const run = (statement: string, params: Record<string, string | number | null> = {}) =>
      s.execute(statement, { params, labels: LABELS });
    const one = async <R>(statement: string, params: Record<string, string | number | null>) =>
      (await s.query<R>(statement, { params, labels: LABELS }))[0];

    const resolveKeys = async (spec: RawTableSpec, p: FileProvenance, incoming: boolean): Promise<RowChanges> => {
      const params = { source_file: p.sourceFile, table_name: spec.name };
      await run(sql.dropTemp(AFFECTED));
      await run(sql.dropTemp(POOL));
      try {
        await run(sql.createAffectedKeys(spec, incoming), { source_file: p.sourceFile });
        await run(sql.createKeyPool(spec, incoming), params);
        const replacedInTable = await run(sql.deleteFileRows(spec), { source_file: p.sourceFile });
        const replacedSuperseded = await run(sql.deleteSupersededOfFile(), params);
        await run(sql.deleteAffectedRows(spec));
        await run(sql.deleteAffectedSuperseded(), { table_name: spec.name });
        await run(sql.insertWinners(spec));
        await run(sql.insertSuperseded(spec), { table_name: spec.name, at: p.loadedAt });
        const counts = await one<{ inserted: number; displaced: number; restored: number }>(sql.poolCounts(), {});
        return {
          replaced: replacedInTable + replacedSuperseded,
          inserted: Number(counts?.inserted ?? 0),
          displaced: Number(counts?.displaced ?? 0),
          restored: Number(counts?.restored ?? 0),
        };
      } finally {
        await run(sql.dropTemp(AFFECTED));
        await run(sql.dropTemp(POOL));
      }
    };

    return {
      tableRowCount: async (table) =>
        Number((await one<{ n: number }>(sql.tableRowCount(table), { table_name: table }))?.n ?? 0),
      rowsOfFile: async (table, sourceFile, sourceHash = ""): Promise<FileRows> => {
        const row = await one<{ in_table: number; superseded: number; same_version: number }>(sql.rowsOfFile(table), {
          source_file: sourceFile,
          table_name: table,
          source_hash: sourceHash,
        });
        const inTable = Number(row?.in_table ?? 0);
        const superseded = Number(row?.superseded ?? 0);
        return { total: inTable + superseded, inTable, superseded, sameVersion: Number(row?.same_version ?? 0) };
      },
      replaceFileRows: async (spec, provenance, rows) => {
        const staged = this.pending.find((p) => p.spec === spec && p.rows === rows);
        if (!staged)
          throw new Error(
            `${spec.name}: rows must be staged (RawStore.stageRows) before the transaction that replaces them`,
          );
        await run(sql.dropTemp(INCOMING));
        await run(sql.createIncoming(spec), {
          load_id: staged.loadId,
          source_file: provenance.sourceFile,
          source_hash: provenance.sourceHash,
          loaded_at: provenance.loadedAt,
        });
        try {
          const changes = spec.key
            ? await resolveKeys(spec, provenance, true)
            : {
                replaced: await run(sql.deleteFileRows(spec), { source_file: provenance.sourceFile }),
                inserted: await run(sql.insertIncoming(spec)),
                displaced: 0,
                restored: 0,
              };
          if (changes.inserted !== rows.length)
            throw new Error(`${spec.name}: inserted ${changes.inserted} rows for ${rows.length} parsed rows`);
          return changes;
        } finally {
          await run(sql.dropTemp(INCOMING));
        }
      },
      removeFileRows: async (spec, sourceFile, at) =>
        spec.key
          ? resolveKeys(spec, { sourceFile, sourceHash: "", loadedAt: at }, false)
          : {
              replaced: await run(sql.deleteFileRows(spec), { source_file: sourceFile }),
              inserted: 0,
              displaced: 0,
              restored: 0,
            },
      recordLoad: async (entry: LoadLogEntry) => {
        await run(sql.recordLoad(), loadLogParams(entry));
      },
    };
  }
}
