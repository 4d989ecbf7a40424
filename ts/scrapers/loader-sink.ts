import type { Logger } from "pino";
import type { Config } from "../config/config.ts";
import type { Warehouse } from "../engine/warehouse.ts";
import type { RawArchive } from "../raw/archive.ts";
import { loadRawPayload, type FileLoadResult, type RawPayload } from "../raw/load-raw.ts";
import { payloadKind } from "../raw/payload-kinds.ts";
import { resultSetsPayload, type ResultSet } from "./nba-stats/common.ts";
import { playerBoxScoreRecords, shotZoneRecords, teamGameLogRecords, toCsv, type Cell } from "./raw-records.ts";
import type { ArchivedPayload, PayloadSink } from "./sink.ts";
import type { LoaderKind } from "./types.ts";

/**
 * `PayloadSink` → the raw loader (`loadRawPayload`, ts/raw/load-raw.ts). For each delivered payload:
 * read the bytes back from the archive (the archive is the source of truth), map the API shape to the raw kind's
 * CSV records (raw-records.ts) and load them. The loader's `sourceName` is the archive key WITHOUT the fetch
 * stamp (its folder), so a later fetch of the same request replaces the rows of the earlier one.
 * Loader kinds without a raw kind yet are archived only (logged, not an error): see UNLOADED below.
 */
type Mapper = (set: ResultSet, season: string, columns: readonly string[]) => Record<string, Cell>[];

const MAPPED: Partial<Record<LoaderKind, { rawKind: string; resultSet: string; map: Mapper }>> = {
  nba_player_game_log: { rawKind: "player_box_scores", resultSet: "LeagueGameLog", map: (s, season) => playerBoxScoreRecords(s, season) },
  nba_team_game_log: { rawKind: "team_game_logs", resultSet: "LeagueGameLog", map: teamGameLogRecords },
  nba_shot_chart_detail: { rawKind: "shot_zones", resultSet: "Shot_Chart_Detail", map: (s, season) => shotZoneRecords(s, season) },
};

/** Loader kinds with no raw kind in ts/raw yet (archived only). */
export const UNLOADED: readonly LoaderKind[] = [
  "nba_schedule",
  "odds_events",
  "odds_events_historical",
  "odds_player_props",
  "odds_player_props_historical",
  "odds_game_lines",
  "odds_game_lines_historical",
  "nba_injury_report_pdf",
];

export type LoadPayload = (payload: RawPayload) => Promise<Pick<FileLoadResult, "status" | "rowsLoaded" | "rowsRejected" | "errors">>;

export class LoaderSink implements PayloadSink {
  constructor(
    private readonly archive: RawArchive,
    private readonly load: LoadPayload,
    private readonly logger?: Logger,
  ) {}

  async deliver(payload: ArchivedPayload): Promise<void> {
    const mapping = MAPPED[payload.loaderKind];
    if (!mapping) {
      this.logger?.info({ loaderKind: payload.loaderKind, archiveKey: payload.archiveKey }, "no raw loader for this kind yet: archived only");
      return;
    }
    const stored = await this.archive.get(payload.archiveKey);
    if (!stored) throw new Error(`archived payload ${payload.archiveKey} not found`);
    const parsed = resultSetsPayload(mapping.resultSet, []).safeParse(JSON.parse(Buffer.from(stored.bytes).toString("utf8")));
    if (!parsed.success) throw new Error(`archived payload ${payload.archiveKey} is not a ${mapping.resultSet} result set`);
    const season = String(payload.params.season ?? "");
    const columns = payloadKind(mapping.rawKind).columns;
    const csv = toCsv(columns, mapping.map(parsed.data, season, columns));
    const sourceName = payload.archiveKey.slice(0, payload.archiveKey.lastIndexOf("/"));
    const result = await this.load({ kind: mapping.rawKind, sourceName, content: Buffer.from(csv) });
    this.logger?.info(
      { rawKind: mapping.rawKind, sourceName, status: result.status, rowsLoaded: result.rowsLoaded, rowsRejected: result.rowsRejected },
      "payload loaded",
    );
    if (result.status === "failed") {
      throw new Error(`raw load of ${sourceName} as ${mapping.rawKind} failed: ${result.errors.slice(0, 3).join("; ")}`);
    }
  }
}

/** The sink the CLI uses once a warehouse is open: loads into `<datasetPrefix>nba_raw`. */
export function warehouseLoaderSink(
  warehouse: Warehouse,
  config: Pick<Config, "datasetPrefix" | "quarantineDir">,
  archive: RawArchive,
  logger?: Logger,
): LoaderSink {
  return new LoaderSink(
    archive,
    (payload) => loadRawPayload(warehouse, payload, { datasetPrefix: config.datasetPrefix, quarantineDir: config.quarantineDir, logger }),
    logger,
  );
}
