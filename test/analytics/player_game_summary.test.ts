import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataHash, type HashFieldType } from "../../ts/engine/data-hash.ts";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { runGraph } from "../../ts/engine/local-runner.ts";
import { compileForTests, DATA_DIR, phase3Warehouse, REPO, SEASON, WINDOW } from "./fixture.ts";
import { readGzipCsv } from "./source-files.ts";

const { HASH_FIELDS } = createRequire(import.meta.url)(`${REPO}/includes/player_game_summary_fields.js`) as {
  HASH_FIELDS: [string, HashFieldType][];
};

type Csv = Record<string, string>;
const num = (v: string | undefined) => Number(v ?? "");

let w: DuckDbWarehouse;
let box: Csv[];
let teamLogs: Map<string, Csv>;
let teamMinutes: Map<string, Csv>;
let shotZones: Map<string, Csv>;

beforeAll(async () => {
  ({ warehouse: w } = await phase3Warehouse());
  box = readGzipCsv(`${DATA_DIR}/player_box_scores/${SEASON}.csv.gz`);
  teamLogs = new Map(readGzipCsv(`${DATA_DIR}/team_game_logs/${SEASON}.csv.gz`).map((r) => [r.game_id!, r]));
  teamMinutes = new Map(readGzipCsv(`${DATA_DIR}/team_possessions/${SEASON}.csv.gz`).map((r) => [r.game_id!, r]));
  shotZones = new Map(
    readGzipCsv(`${DATA_DIR}/shot_zones/${SEASON}.csv.gz`).map((r) => [`${r.game_id}|${r.player_id}`, r]),
  );
}, 180_000);
afterAll(async () => w?.close());

/** The played rule, written against the CSV: minutes > 0 or any recorded stat (plus-minus included). */
function played(r: Csv): boolean {
  const stats = ["MIN", "PTS", "FGA", "FTA", "OREB", "DREB", "REB", "AST", "STL", "BLK", "TOV", "PF"];
  return stats.some((c) => num(r[c]) > 0) || num(r.PLUS_MINUS) !== 0;
}

const inWindow = (r: Csv) => r.GAME_DATE! >= WINDOW.start_date && r.GAME_DATE! <= WINDOW.end_date;

/** Top scorer of a date (or of one game) in the CSV (ties: lowest player id). */
function topScorer(date: string, gameId?: string): Csv {
  const rows = box
    .filter((r) => r.GAME_DATE === date && (!gameId || r.GAME_ID === gameId))
    .sort((a, b) => num(b.PTS) - num(a.PTS) || num(a.PLAYER_ID) - num(b.PLAYER_ID));
  expect(rows.length).toBeGreaterThan(0);
  return rows[0]!;
}

/** Expected values from the raw CSV rows, computed here (not by the model's SQL). */
function expected(r: Csv) {
  const game = teamLogs.get(r.GAME_ID!)!;
  const minutes = teamMinutes.get(r.GAME_ID!)!;
  const home = game.team_abbreviation_home === r.TEAM_ABBREVIATION;
  const side = home ? "home" : "road";
  const other = home ? "road" : "home";
  const [fga, fta, fgm, fg3m, tov, pts, min] = ["FGA", "FTA", "FGM", "FG3M", "TOV", "PTS", "MIN"].map((c) => num(r[c]));
  const teamPlays = num(game[`fga_${side}`]) + 0.44 * num(game[`fta_${side}`]) + num(game[`tov_${side}`]);
  const usage = (100 * (fga! + 0.44 * fta! + tov!) * (num(minutes[`minutes_${side}`]) / 5)) / (min! * teamPlays);
  const zones = shotZones.get(`${r.GAME_ID}|${r.PLAYER_ID}`);
  return {
    points: pts!,
    ts_pct: pts! / (2 * (fga! + 0.44 * fta!)),
    efg_pct: (fgm! + 0.5 * fg3m!) / fga!,
    usage_rate: usage,
    home_game: home,
    win_flag: num(game[`pts_${side}`]) > num(game[`pts_${other}`]),
    opponent_team_abbr: game[`team_abbreviation_${other}`],
    paint_attempts: zones ? num(zones.restricted_area_fga) + num(zones.paint_non_ra_fga) : 0,
    mid_range_makes: zones ? num(zones.mid_range_fgm) : 0,
  };
}

async function summaryRow(gameId: string, playerId: string): Promise<Record<string, unknown>> {
  const rows = await w.query<Record<string, unknown>>(
    `SELECT * FROM nba_analytics.player_game_summary WHERE game_id = $g AND player_id = $p`,
    { params: { g: gameId, p: playerId } },
  );
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe("player_game_summary", () => {
  it("matches points, TS%, eFG%, usage, home and win flags computed from the raw CSVs for 3 players on 3 dates", async () => {
    // An overtime game (team minutes > 240) makes the usage-rate team-minutes term matter.
    const overtimeGame = [...teamMinutes.values()].find(
      (g) => num(g.minutes_home) > 240 && g.game_id!.startsWith("002"),
    )!;
    const overtimeDate = teamLogs.get(overtimeGame.game_id!)!.game_date!;
    const picks = [topScorer("2023-10-24"), topScorer("2024-01-05"), topScorer(overtimeDate, overtimeGame.game_id)];
    expect(new Set(picks.map((p) => p.GAME_DATE)).size).toBe(3);
    for (const pick of picks) {
      const want = expected(pick);
      const got = await summaryRow(pick.GAME_ID!, pick.PLAYER_ID!);
      expect(got.points).toBe(want.points);
      expect(got.home_game).toBe(want.home_game);
      expect(got.win_flag).toBe(want.win_flag);
      expect(got.opponent_team_abbr).toBe(want.opponent_team_abbr);
      expect(got.team_abbr).toBe(pick.TEAM_ABBREVIATION);
      expect(Math.abs(Number(got.ts_pct) - want.ts_pct)).toBeLessThanOrEqual(0.0005 + 1e-9);
      expect(Math.abs(Number(got.efg_pct) - want.efg_pct)).toBeLessThanOrEqual(0.0005 + 1e-9);
      expect(Math.abs(Number(got.usage_rate) - want.usage_rate)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(got.paint_attempts).toBe(want.paint_attempts);
      expect(got.mid_range_makes).toBe(want.mid_range_makes);
      // data_hash recomputed in TS from the row's own values and the declared field list.
      expect(got.data_hash).toBe(dataHash(HASH_FIELDS.map(([c, t]) => [got[c] as never, t] as const)));
    }
    const overtimeRow = await summaryRow(picks[2]!.GAME_ID!, picks[2]!.PLAYER_ID!);
    expect(Number(overtimeRow.overtime_periods)).toBeGreaterThan(0);
  });

  it("has exactly the played box-score rows of the CSV in the window, once each", async () => {
    const want = new Set(box.filter((r) => inWindow(r) && played(r)).map((r) => `${r.GAME_ID}|${r.PLAYER_ID}`));
    const rows = await w.query<{ k: string }>(
      `SELECT game_id || '|' || player_id AS k FROM nba_analytics.player_game_summary
       WHERE game_date BETWEEN DATE '${WINDOW.start_date}' AND DATE '${WINDOW.end_date}'`,
    );
    const got = rows.map((r) => r.k);
    expect(new Set(got).size).toBe(got.length); // key uniqueness
    expect(got.length).toBe(want.size);
    expect(got.filter((k) => !want.has(k))).toEqual([]);
    // every CSV row with minutes > 0 is in (the excluded rows are 0-minute rows with nothing recorded)
    const excluded = box.filter((r) => inWindow(r) && !played(r));
    expect(excluded.every((r) => num(r.MIN) === 0)).toBe(true);
  });

  it("a one-date run rewrites that date only", async () => {
    const date = "2024-01-05";
    const before = await w.query<{ n: number }>(
      `SELECT count(*) AS n FROM nba_analytics.player_game_summary WHERE game_date = DATE '${date}'`,
    );
    await w.execute(`DELETE FROM nba_analytics.player_game_summary WHERE game_date = DATE '${date}'`);
    await w.execute(`UPDATE nba_analytics.player_game_summary SET points = -1 WHERE game_date = DATE '2024-01-06'`);
    const daily = await compileForTests({ start_date: date, end_date: date });
    const run = await runGraph(w, daily, { actions: ["player_game_summary"], historySchema: null });
    expect(run.ok).toBe(true);
    const after = await w.query<{ n: number }>(
      `SELECT count(*) AS n FROM nba_analytics.player_game_summary WHERE game_date = DATE '${date}'`,
    );
    expect(after[0]!.n).toBe(before[0]!.n);
    const untouched = await w.query<{ n: number }>(
      `SELECT count(*) AS n FROM nba_analytics.player_game_summary WHERE game_date = DATE '2024-01-06' AND points <> -1`,
    );
    expect(untouched[0]!.n).toBe(0);
  }, 120_000);
});
