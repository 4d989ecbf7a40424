import type { Logger } from "pino";
import type { Config } from "../config/config.ts";
import type { Warehouse } from "../engine/warehouse.ts";
import type { RawArchive } from "../raw/archive.ts";
import { type FileLoadResult, loadRawPayload, type RawPayload } from "../raw/load-raw.ts";
import { payloadKind } from "../raw/payload-kinds.ts";
import { type ResultSet, resultSetsPayload } from "./nba-stats/common.ts";
import {
  type Cell,
  type OddsSnapshot,
  oddsGameLineRecords,
  oddsPlayerPropRecords,
  oddsSnapshot,
  playerBoxScoreRecords,
  shotZoneRecords,
  teamGameLogRecords,
  toCsv,
} from "./raw-records.ts";
import { secretRedactor } from "./redact.ts";
import type { ArchivedPayload, LoadOutcome, PayloadSink } from "./sink.ts";
import type { LoaderKind } from "./types.ts";

/**
 * `PayloadSink` → the raw loader (`loadRawPayload`, ts/raw/load-raw.ts). For each delivered payload:
 * read the bytes back from the archive (the archive is the source of truth), map the API shape to the raw kind's
 * CSV records (raw-records.ts) and load them. The loader's `sourceName` is the archive key WITHOUT the fetch
 * stamp (its folder), so a later fetch of the same request replaces the rows of the earlier one.
 * Loader kinds without a raw kind yet are archived only (logged, not an error): see UNLOADED below.
 */
type Records = Record<string, Cell>[];

/** How one loader kind's archived JSON becomes the records of a raw kind (header = the kind's columns). */
interface Mapping {
  rawKind: string;
  toRecords(json: unknown, payload: ArchivedPayload, fetchedAt: string, columns: readonly string[]): Records;
}

function resultSetMapping(
  rawKind: string,
  name: string,
  map: (set: ResultSet, season: string, columns: readonly string[]) => Records,
): Mapping {
  return {
    rawKind,
    toRecords(json, payload, _fetchedAt, columns) {
      const parsed = resultSetsPayload(name, []).safeParse(json);
      if (!parsed.success) throw new Error(`not a ${name} result set`);
      return map(parsed.data, String(payload.params.season ?? ""), columns);
    },
  };
}

function oddsMapping(rawKind: string, historical: boolean, map: (snapshot: OddsSnapshot) => Records): Mapping {
  return { rawKind, toRecords: (json, _payload, fetchedAt) => map(oddsSnapshot(json, historical, fetchedAt)) };
}

const MAPPED: Partial<Record<LoaderKind, Mapping>> = {
  nba_player_game_log: resultSetMapping("player_box_scores", "LeagueGameLog", (s, season) =>
    playerBoxScoreRecords(s, season),
  ),
  nba_team_game_log: resultSetMapping("team_game_logs", "LeagueGameLog", teamGameLogRecords),
  nba_shot_chart_detail: resultSetMapping("shot_zones", "Shot_Chart_Detail", (s, season) => shotZoneRecords(s, season)),
  odds_player_props: oddsMapping("odds_api_player_props", false, oddsPlayerPropRecords),
  odds_player_props_historical: oddsMapping("odds_api_player_props", true, oddsPlayerPropRecords),
  odds_game_lines: oddsMapping("odds_api_game_lines", false, oddsGameLineRecords),
  odds_game_lines_historical: oddsMapping("odds_api_game_lines", true, oddsGameLineRecords),
};

/** Loader kinds with no raw kind in ts/raw yet (archived only). */
export const UNLOADED: readonly LoaderKind[] = [
  "nba_schedule",
  "odds_events",
  "odds_events_historical",
  "nba_injury_report_pdf",
];

export type LoadPayload = (
  payload: RawPayload,
) => Promise<
  Pick<FileLoadResult, "status" | "rowsLoaded" | "rowsRejected" | "errors"> & Partial<Pick<FileLoadResult, "rowsRead">>
>;

export class LoaderSink implements PayloadSink {
  constructor(
    private readonly archive: RawArchive,
    private readonly load: LoadPayload,
    private readonly logger?: Logger,
  ) {}

  async deliver(payload: ArchivedPayload): Promise<LoadOutcome | void> {
    const mapping = MAPPED[payload.loaderKind];
    if (!mapping) {
      this.logger?.info(
        { loaderKind: payload.loaderKind, archiveKey: payload.archiveKey },
        "no raw loader for this kind yet: archived only",
      );
      return;
    }
    const stored = await this.archive.get(payload.archiveKey);
    if (!stored) throw new Error(`archived payload ${payload.archiveKey} not found`);
    // Current odds: the snapshot time is the fetch time recorded with the archived object (fallback: the pointer's).
    const fetchedAt = stored.metadata.fetchedAt ?? payload.fetchedAt;
    const columns = payloadKind(mapping.rawKind).columns;
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(stored.bytes).toString("utf8"));
    } catch (error) {
      throw new Error(`archived payload ${payload.archiveKey} is not JSON: ${(error as Error).message}`);
    }
    let records: Records;
    try {
      records = mapping.toRecords(json, payload, fetchedAt, columns);
    } catch (error) {
      throw new Error(`archived payload ${payload.archiveKey} is ${(error as Error).message}`);
    }
    const csv = toCsv(columns, records);
    const sourceName = payload.archiveKey.slice(0, payload.archiveKey.lastIndexOf("/"));
    const result = await this.load({ kind: mapping.rawKind, sourceName, content: Buffer.from(csv) });
    this.logger?.info(
      {
        rawKind: mapping.rawKind,
        sourceName,
        status: result.status,
        rowsLoaded: result.rowsLoaded,
        rowsRejected: result.rowsRejected,
      },
      "payload loaded",
    );
    if (result.status === "failed") {
      throw new Error(
        `raw load of ${sourceName} as ${mapping.rawKind} failed: ${result.errors.slice(0, 3).join("; ")}`,
      );
    }
    // Every mapped record must come out of the loader as loaded or rejected (duplicate/unchanged loads read nothing).
    if (result.status === "loaded" && result.rowsRead !== undefined && result.rowsRead !== records.length) {
      throw new Error(
        `raw load of ${sourceName}: ${records.length} records mapped but the loader read ${result.rowsRead}`,
      );
    }
    return {
      records: records.length,
      loaded: result.rowsLoaded,
      rejected: result.rowsRejected,
      errors: result.errors.slice(0, 20),
    };
  }
}

/** The sink the CLI uses once a warehouse is open: loads into `<datasetPrefix>nba_raw`. */
export function warehouseLoaderSink(
  warehouse: Warehouse,
  config: Pick<Config, "datasetPrefix" | "quarantineDir"> & Partial<Pick<Config, "secrets" | "limits">>,
  archive: RawArchive,
  logger?: Logger,
): LoaderSink {
  return new LoaderSink(
    archive,
    (payload) =>
      loadRawPayload(warehouse, payload, {
        datasetPrefix: config.datasetPrefix,
        quarantineDir: config.quarantineDir,
        maxFileBytes: config.limits?.maxFileBytes,
        redact: secretRedactor({ secrets: config.secrets ?? {} }),
        logger,
      }),
    logger,
  );
}
