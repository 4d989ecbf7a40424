import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { readCsvRecords } from "../../ts/raw/csv-records.ts";
import { loadRawFiles, type RawPayload } from "../../ts/raw/load-raw.ts";
import { LocalRawArchive } from "../../ts/raw/local-archive.ts";
import { payloadKind } from "../../ts/raw/payload-kinds.ts";
import { qualifiedRawTable } from "../../ts/raw/raw-tables.ts";
import { LoaderSink, warehouseLoaderSink } from "../../ts/scrapers/loader-sink.ts";
import { resultSetsPayload } from "../../ts/scrapers/nba-stats/common.ts";
import { playerBoxScoreRecords, shotZoneRecords, teamGameLogRecords, toCsv } from "../../ts/scrapers/raw-records.ts";
import type { ArchivedPayload } from "../../ts/scrapers/sink.ts";
import { DATA_DIR as SHARED_DATA } from "../support/data-dir.ts";
import * as fx from "./fixtures.ts";

async function csvRecords(kind: string, csv: string) {
  const out: Record<string, string>[] = [];
  for await (const r of readCsvRecords(csv, payloadKind(kind).columns)) {
    expect(r.shapeError).toBeUndefined();
    out.push(r.record);
  }
  return out;
}

const set = (payload: unknown, name: string) => resultSetsPayload(name, []).parse(payload);

describe("toRawRecords mappers (CSV with exactly the raw kind's header)", () => {
  it("player game log → player_box_scores", async () => {
    const kind = payloadKind("player_box_scores");
    const rows = await csvRecords(
      "player_box_scores",
      toCsv(kind.columns, playerBoxScoreRecords(set(fx.playerGameLog(), "LeagueGameLog"), "2024-25")),
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      GAME_ID: "0022400110",
      PLAYER_NAME: "Daniel Gafford",
      MIN: "20",
      PTS: "9",
      FG3_PCT: "",
      SEASON_LABEL: "2024-25",
    });
  });

  it("team game log → team_game_logs (home/road from MATCHUP)", async () => {
    const kind = payloadKind("team_game_logs");
    const rows = await csvRecords(
      "team_game_logs",
      toCsv(kind.columns, teamGameLogRecords(set(fx.teamGameLog(), "LeagueGameLog"), "2024-25", kind.columns)),
    );
    expect(rows).toEqual([
      expect.objectContaining({
        game_id: "0022400110",
        game_date: "2024-10-28",
        season: "2024-25",
        game_type: "regular_season",
        neutral_site: "False",
        team_abbreviation_home: "DAL",
        team_abbreviation_road: "UTA",
        pts_home: "110",
        pts_road: "102",
        wl_home: "W",
        fg_pct_home: "0.482",
        plus_minus_road: "-8",
      }),
    ]);
  });

  it("shot chart → shot_zones (counts per zone, 3PT, made)", async () => {
    const kind = payloadKind("shot_zones");
    const rows = await csvRecords(
      "shot_zones",
      toCsv(kind.columns, shotZoneRecords(set(fx.shotChart(), "Shot_Chart_Detail"), "2024-25")),
    );
    expect(rows).toEqual([
      expect.objectContaining({
        game_id: "0022400061",
        game_date: "2024-10-22",
        player_id: "201143",
        player_name: "Al Horford",
        restricted_area_fga: "1",
        restricted_area_fgm: "1",
        left_corner_3_fga: "1",
        left_corner_3_fgm: "1",
        above_break_3_fga: "1",
        above_break_3_fgm: "0",
        mid_range_fga: "0",
        fga: "3",
        fgm: "2",
        fg3a: "2",
        fg3m: "1",
      }),
    ]);
  });

  it("CSV escapes commas and quotes", () => {
    expect(toCsv(["a", "b"], [{ a: 'x,"y"', b: null }])).toBe('a,b\n"x,""y""",\n');
  });
});

describe("LoaderSink", () => {
  let root: string;
  let archive: LocalRawArchive;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "nba-props-loader-sink-"));
    archive = new LocalRawArchive(path.join(root, "raw"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function archived(
    key: string,
    value: unknown,
    loaderKind: ArchivedPayload["loaderKind"],
  ): Promise<ArchivedPayload> {
    const put = await archive.put(key, new Uint8Array(Buffer.from(JSON.stringify(value))));
    return {
      scraper: "s",
      loaderKind,
      archiveKey: put.key,
      archiveUri: put.uri,
      params: { season: "2024-25", date: "2024-10-28" },
      correlationId: "c",
      fetchedAt: "2025-01-16T09:30:15.250Z",
      contentType: "application/json",
      sha256: put.sha256,
      bytes: put.bytes,
    };
  }

  it("maps and loads mapped kinds under the key's folder; archives-only the others", async () => {
    const calls: RawPayload[] = [];
    const sink = new LoaderSink(archive, async (p) => {
      calls.push(p);
      return { status: "loaded", rowsLoaded: 2, rowsRejected: 0, errors: [] };
    });
    await sink.deliver(
      await archived(
        "nba-stats/league-game-log-players/2024-10-28/season=2024-25/season-type=regular-season/20250116T093015250Z.json",
        fx.playerGameLog(),
        "nba_player_game_log",
      ),
    );
    await sink.deliver(
      await archived("odds-api/events/2024-10-28/20250116T093015250Z.json", fx.oddsEvents(), "odds_events"),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      kind: "player_box_scores",
      sourceName: "nba-stats/league-game-log-players/2024-10-28/season=2024-25/season-type=regular-season",
    });
    expect(calls[0]!.content.toString().split("\n")[0]).toBe(payloadKind("player_box_scores").columns.join(","));
  });

  it("a failed load fails the delivery", async () => {
    const sink = new LoaderSink(archive, async () => ({
      status: "failed",
      rowsLoaded: 0,
      rowsRejected: 0,
      errors: ["line 1 (header): missing column X"],
    }));
    const p = await archived(
      "nba-stats/league-game-log-teams/2024-10-28/x/1.json",
      fx.teamGameLog(),
      "nba_team_game_log",
    );
    await expect(sink.deliver(p)).rejects.toThrow(
      "raw load of nba-stats/league-game-log-teams/2024-10-28/x as team_game_logs failed: line 1 (header): missing column X",
    );
  });

  it("end to end into DuckDB nba_raw: a re-fetch of the same request replaces, not duplicates", async () => {
    const warehouse = await DuckDbWarehouse.open(":memory:");
    try {
      const options = { datasetPrefix: "", quarantineDir: path.join(root, "quarantine") };
      const ref = await loadRawFiles(warehouse, [path.join(SHARED_DATA, "reference/team_crosswalk.csv")], options);
      expect(ref.ok).toBe(true);
      const sink = warehouseLoaderSink(warehouse, options, archive);
      const folder = "nba-stats/league-game-log-players/2024-10-28/season=2024-25/season-type=regular-season";
      await sink.deliver(
        await archived(`${folder}/20250116T093015250Z.json`, fx.playerGameLog(), "nba_player_game_log"),
      );
      const second = fx.playerGameLog();
      second.resultSets[0]!.rowSet[0]![28] = 11; // a stat correction in a later fetch
      await sink.deliver(await archived(`${folder}/20250116T120000000Z.json`, second, "nba_player_game_log"));
      const rows = await warehouse.query<{ player_name: string; pts: unknown }>(
        `SELECT player_name, pts FROM ${qualifiedRawTable("", "player_box_scores")} ORDER BY player_name`,
      );
      expect(rows.map((r) => [r.player_name, Number(r.pts)])).toEqual([
        ["Brandon Williams", 0],
        ["Daniel Gafford", 11],
      ]);
    } finally {
      await warehouse.close();
    }
  });
});
