import type { Warehouse, WarehouseSession } from "../engine/warehouse.ts";
import {
  isAlreadyLoaded,
  lastLoad,
  recordLoad,
  rowsOfFile,
  sameContentLoadedAs,
  tableRowCount,
} from "./duckdb-load-log.ts";
import { ensureRawTables } from "./duckdb-raw-schema.ts";
import { removeFileRows, replaceFileRows } from "./duckdb-row-writer.ts";
import type { PlayerAlias, RegisteredPlayer } from "./player-resolver.ts";
import type { RawStore, RawStoreSession, ReferenceRows } from "./raw-store.ts";
import { qualifiedRawTable } from "./raw-tables.ts";
import type { TeamCrosswalkRow } from "./team-resolver.ts";

/** The local RawStore: `<prefix>nba_raw` in the DuckDB warehouse, written in DuckDB SQL. */
export class DuckDbRawStore implements RawStore {
  /** The session operations run directly on the warehouse (outside a transaction). */
  private readonly direct: RawStoreSession;

  constructor(
    private readonly warehouse: Warehouse,
    private readonly datasetPrefix: string,
  ) {
    this.direct = sessionStore(warehouse, datasetPrefix);
  }

  ensureTables(): Promise<void> {
    return ensureRawTables(this.warehouse, this.datasetPrefix);
  }

  isAlreadyLoaded(table: string, sourceFile: string, sourceHash: string): Promise<boolean> {
    return isAlreadyLoaded(this.warehouse, this.datasetPrefix, table, sourceFile, sourceHash);
  }

  sameContentLoadedAs(table: string, sourceFile: string, sourceHash: string): Promise<string | undefined> {
    return sameContentLoadedAs(this.warehouse, this.datasetPrefix, table, sourceFile, sourceHash);
  }

  lastLoad(sourceFile: string) {
    return lastLoad(this.warehouse, this.datasetPrefix, sourceFile);
  }

  async referenceRows(): Promise<ReferenceRows> {
    const table = (name: string) => qualifiedRawTable(this.datasetPrefix, name);
    // Sequential on purpose: a session may be one connection.
    const crosswalk = await this.warehouse.query<TeamCrosswalkRow>(
      `SELECT team_id, tricode, nba_team_name, odds_api_team_name, game_lines_code FROM ${table("team_crosswalk")}`,
    );
    const aliases = await this.warehouse.query<PlayerAlias>(
      `SELECT alias_lookup, nba_player_id FROM ${table("player_aliases")}`,
    );
    const players = await this.warehouse.query<RegisteredPlayer>(
      `SELECT DISTINCT player_id, player_name FROM ${table("player_box_scores")}`,
    );
    return { crosswalk, aliases, players };
  }

  async rowCount(table: string): Promise<number> {
    const [row] = await this.warehouse.query<{ n: number }>(
      `SELECT count(*) AS n FROM ${qualifiedRawTable(this.datasetPrefix, table)}`,
    );
    return Number(row?.n ?? 0);
  }

  /** DuckDB binds a load's rows in its statement (one JSON parameter): nothing to stage. */
  async stageRows(): Promise<void> {}

  transaction<T>(fn: (session: RawStoreSession) => Promise<T>): Promise<T> {
    return this.warehouse.transaction((s) => fn(sessionStore(s, this.datasetPrefix)));
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
}

function sessionStore(session: WarehouseSession, datasetPrefix: string): RawStoreSession {
  return {
    tableRowCount: (table) => tableRowCount(session, datasetPrefix, table),
    rowsOfFile: (table, sourceFile, sourceHash) => rowsOfFile(session, datasetPrefix, table, sourceFile, sourceHash),
    replaceFileRows: (spec, provenance, rows) => replaceFileRows(session, datasetPrefix, spec, provenance, rows),
    removeFileRows: (spec, sourceFile, at) => removeFileRows(session, datasetPrefix, spec, sourceFile, at),
    recordLoad: (entry) => recordLoad(session, datasetPrefix, entry),
  };
}
