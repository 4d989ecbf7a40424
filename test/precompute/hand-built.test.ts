import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { compileWith, runOrThrow } from "./fixture.ts";

/**
 * Given/expect tests of the five phase 4 models on hand-built phase 3 rows (the real compiled SQL on DuckDB).
 * Two teams AAA and BBB meet 16 times every other day before D; CCC and DDD only 14 times (below the team gate).
 * Players: alpha (AAA, 16 games, one game without shot zones), bravo (BBB, 9 games, back-to-back on D), charlie
 * (traded from CCC to AAA mid-window), delta (DDD, no game yet). Every table also holds games ON D with absurd values:
 * a look-ahead leak would show in every expected number. Expected values are worked out by hand in the comments.
 */

const SEASON = "2023-24";
const D = "2023-12-03";
const dayN = (i: number) => new Date(Date.parse("2023-11-01") + (i - 1) * 2 * 86_400_000).toISOString().slice(0, 10); // game i
const hash = (...v: unknown[]) => createHash("sha256").update(JSON.stringify(v)).digest("hex").slice(0, 16);
const lit = (v: unknown) => (v === null ? "NULL" : typeof v === "string" ? `'${v}'` : String(v));

type Table = { name: string; columns: [string, string][]; rows: unknown[][] };

const pgsCols: [string, string][] = [
  ["player_id", "VARCHAR"],
  ["season", "VARCHAR"],
  ["game_date", "DATE"],
  ["game_id", "VARCHAR"],
  ["team_abbr", "VARCHAR"],
  ["points", "BIGINT"],
  ["minutes_played", "BIGINT"],
  ["fg_attempts", "BIGINT"],
  ["fg_makes", "BIGINT"],
  ["three_pt_attempts", "BIGINT"],
  ["three_pt_makes", "BIGINT"],
  ["ft_makes", "BIGINT"],
  ["paint_attempts", "BIGINT"],
  ["paint_makes", "BIGINT"],
  ["mid_range_attempts", "BIGINT"],
  ["mid_range_makes", "BIGINT"],
  ["usage_rate", "DOUBLE"],
  ["ts_pct", "DOUBLE"],
  ["data_hash", "VARCHAR"],
];
const pgs: unknown[][] = [];
function playerGame(id: string, i: number, team: string, gameId: string, points: number, usage: number, zones = true) {
  const row = [
    id,
    SEASON,
    i === 17 ? D : dayN(i),
    gameId,
    team,
    points,
    30,
    10,
    5,
    4,
    1,
    2,
    zones ? 4 : null,
    zones ? 2 : null,
    zones ? 2 : null,
    zones ? 1 : null,
    usage,
    0.55,
  ];
  pgs.push([...row, hash(row)]);
}
// alpha: AAA games 1..16 scoring i points, usage 20 then 30 in games 14-16, no shot zones in game 15; 100 points on D
for (let i = 1; i <= 16; i++) playerGame("1", i, "AAA", `G${i}`, i, i >= 14 ? 30 : 20, i !== 15);
playerGame("1", 17, "AAA", "G17", 100, 90);
// bravo: BBB games 8..16 (9 games)
for (let i = 8; i <= 16; i++) playerGame("2", i, "BBB", `G${i}`, 12, 20);
// charlie: CCC games 3..10 (10 points), then AAA games 11..16 (20 points)
for (let i = 3; i <= 10; i++) playerGame("3", i, "CCC", `H${i}`, 10, 20);
for (let i = 11; i <= 16; i++) playerGame("3", i, "AAA", `G${i}`, 20, 20);

const teamCols: [string, string][] = [
  ["team_abbr", "VARCHAR"],
  ["season", "VARCHAR"],
  ["game_date", "DATE"],
  ["game_id", "VARCHAR"],
  ["opp_paint_attempts", "BIGINT"],
  ["opp_paint_makes", "BIGINT"],
  ["opp_mid_range_attempts", "BIGINT"],
  ["opp_mid_range_makes", "BIGINT"],
  ["opp_three_pt_attempts", "BIGINT"],
  ["opp_three_pt_makes", "BIGINT"],
  ["points_in_paint_allowed", "BIGINT"],
  ["blocks", "BIGINT"],
  ["points_allowed", "BIGINT"],
  ["defensive_rating", "DOUBLE"],
  ["pace", "DOUBLE"],
  ["data_hash", "VARCHAR"],
];
const offCols: [string, string][] = [
  ["team_abbr", "VARCHAR"],
  ["game_date", "DATE"],
  ["game_id", "VARCHAR"],
  ["pace", "DOUBLE"],
  ["offensive_rating", "DOUBLE"],
  ["data_hash", "VARCHAR"],
];
const tdgs: unknown[][] = [];
const togs: unknown[][] = [];
function teamGame(team: string, i: number, gameId: string) {
  const onD = i === 17;
  const zones = i !== 5; // game 5 has no shot-zone data
  const row = [
    team,
    SEASON,
    onD ? D : dayN(i),
    gameId,
    zones ? 20 : null,
    zones ? (onD ? 20 : 10) : null,
    zones ? 10 : null,
    zones ? 4 : null,
    30,
    onD ? 30 : 12,
    zones ? 20 : null,
    5,
    110,
    onD ? 200 : 100 + i,
    onD ? 150 : 98,
  ];
  tdgs.push([...row, hash(row)]);
  const off = [team, onD ? D : dayN(i), gameId, onD ? 150 : 98, onD ? 200 : 105 + i];
  togs.push([...off, hash(off)]);
}
for (let i = 1; i <= 17; i++) for (const t of ["AAA", "BBB"]) teamGame(t, i, `G${i}`);
for (let i = 3; i <= 17; i++) for (const t of ["CCC", "DDD"]) teamGame(t, i, `H${i}`);

const upgcCols: [string, string][] = [
  ["player_id", "VARCHAR"],
  ["player_lookup", "VARCHAR"],
  ["game_id", "VARCHAR"],
  ["game_date", "DATE"],
  ["season", "VARCHAR"],
  ["team_abbr", "VARCHAR"],
  ["opponent_team_abbr", "VARCHAR"],
  ["home_game", "BOOLEAN"],
  ["days_rest", "BIGINT"],
  ["is_back_to_back", "BOOLEAN"],
  ["opponent_days_rest", "BIGINT"],
  ["games_in_last_7_days", "BIGINT"],
  ["games_in_last_14_days", "BIGINT"],
  ["minutes_in_last_7_days", "BIGINT"],
  ["minutes_in_last_14_days", "BIGINT"],
  ["avg_minutes_per_game_last_7", "DOUBLE"],
  ["back_to_backs_last_14_days", "BIGINT"],
  ["injury_status", "VARCHAR"],
  ["season_games_played", "BIGINT"],
  ["points_avg_last_5", "DOUBLE"],
  ["points_avg_last_10", "DOUBLE"],
  ["points_avg_season", "DOUBLE"],
  ["points_std_last_10", "DOUBLE"],
  ["minutes_avg_last_10", "DOUBLE"],
  ["last_game_date", "DATE"],
  ["data_hash", "VARCHAR"],
];
const upgcRow = (
  id: string,
  lookup: string,
  game: string,
  team: string,
  opp: string,
  home: boolean,
  rest: number | null,
  b2b: boolean,
  g7: number,
  status: string,
  games: number,
  avg10: number | null,
) => {
  const row = [
    id,
    lookup,
    game,
    D,
    SEASON,
    team,
    opp,
    home,
    rest,
    b2b,
    1,
    g7,
    2 * g7,
    30 * g7,
    60 * g7,
    30.0,
    0,
    status,
    games,
    null,
    avg10,
    avg10,
    4.0,
    30.0,
    null,
  ];
  return [...row, hash(row)];
};
const upgc = [
  upgcRow("1", "alpha", "G17", "AAA", "BBB", true, 1, false, 3, "available", 16, 11.5),
  upgcRow("2", "bravo", "G17", "BBB", "AAA", false, 0, true, 4, "day_to_day", 9, 12.3),
  upgcRow("3", "charlie", "G17", "AAA", "BBB", true, 1, false, 3, "available", 14, 16),
  upgcRow("4", "delta", "H17", "DDD", "CCC", false, null, false, 0, "available", 0, null),
];
const utgcCols: [string, string][] = [
  ["team_abbr", "VARCHAR"],
  ["game_id", "VARCHAR"],
  ["game_date", "DATE"],
  ["season", "VARCHAR"],
  ["game_type", "VARCHAR"],
  ["opponent_team_abbr", "VARCHAR"],
  ["season_wins", "BIGINT"],
  ["season_losses", "BIGINT"],
  ["data_hash", "VARCHAR"],
];
const utgcRow = (team: string, game: string, opp: string, wins: number, losses: number) => {
  const row = [team, game, D, SEASON, "regular_season", opp, wins, losses];
  return [...row, hash(row)];
};
const utgc = [
  utgcRow("AAA", "G17", "BBB", 10, 6),
  utgcRow("BBB", "G17", "AAA", 6, 10),
  utgcRow("CCC", "H17", "DDD", 7, 7),
  utgcRow("DDD", "H17", "CCC", 2, 2),
];

const TABLES: Table[] = [
  { name: "player_game_summary", columns: pgsCols, rows: pgs },
  { name: "team_defense_game_summary", columns: teamCols, rows: tdgs },
  { name: "team_offense_game_summary", columns: offCols, rows: togs },
  { name: "upcoming_player_game_context", columns: upgcCols, rows: upgc },
  { name: "upcoming_team_game_context", columns: utgcCols, rows: utgc },
  {
    name: "player_dim",
    columns: [
      ["player_id", "VARCHAR"],
      ["player_name", "VARCHAR"],
    ],
    rows: [
      ["1", "Alpha One"],
      ["2", "Bravo Two"],
      ["3", "Charlie Three"],
      ["4", "Delta Four"],
    ],
  },
];

let dir: string;
let w: DuckDbWarehouse;
type Row = Record<string, unknown>;
const rows: Record<string, Map<string, Row>> = {};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "nbap-p4-hand-"));
  w = await DuckDbWarehouse.open(path.join(dir, "w.duckdb"));
  await w.execute("CREATE SCHEMA nba_analytics");
  for (const t of TABLES) {
    await w.execute(`CREATE TABLE nba_analytics.${t.name} (${t.columns.map(([c, ty]) => `${c} ${ty}`).join(", ")})`);
    await w.execute(
      `INSERT INTO nba_analytics.${t.name} VALUES ${t.rows.map((r) => `(${r.map(lit).join(", ")})`).join(", ")}`,
    );
  }
  await runOrThrow(w, await compileWith({ start_date: D, end_date: D }), { tags: ["phase4"] });
  for (const [table, key] of [
    ["nba_precompute.team_defense_zone_analysis", "team_abbr"],
    ["nba_precompute.player_shot_zone_analysis", "player_lookup"],
    ["nba_precompute.player_daily_cache", "player_lookup"],
    ["nba_precompute.player_composite_factors", "player_lookup"],
    ["nba_predictions.ml_feature_store", "player_lookup"],
    ["nba_processing.precompute_failures", "processor_name || ':' || entity_id"],
  ] as const) {
    const found = await w.query<Row>(`SELECT ${key} AS k, * FROM ${table}`);
    rows[table.split(".")[1]!] = new Map(found.map((r) => [String(r.k), r]));
  }
}, 300_000);
afterAll(async () => {
  await w?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));

describe("team_defense_zone_analysis", () => {
  it("AAA: last 15 games before D (2-16), game 5 without zones, league defaults", () => {
    const t = rows.team_defense_zone_analysis!.get("AAA")!;
    expect(n(t.games_in_sample)).toBe(15);
    expect(n(t.zone_games_in_sample)).toBe(14);
    expect(n(t.paint_pct_allowed_last_15)).toBe(0.5); // 140 / 280
    expect(n(t.paint_defense_vs_league_avg)).toBeCloseTo(-8, 9); // (0.5 - 0.58) x 100
    expect(n(t.mid_range_defense_vs_league_avg)).toBeCloseTo(-1, 9); // (0.4 - 0.41) x 100
    expect(n(t.three_pt_defense_vs_league_avg)).toBeCloseTo(4.5, 9); // (0.4 - 0.355) x 100
    expect([t.strongest_zone, t.weakest_zone]).toEqual(["paint", "perimeter"]);
    expect(n(t.defensive_rating_last_15)).toBe(109); // mean of 102..116
    expect(n(t.opponent_pace)).toBe(98);
    expect(n(t.paint_points_allowed_per_game)).toBe(20);
    expect(n(t.league_teams_in_sample)).toBe(0);
    expect(t.data_quality_tier).toBe("medium");
    expect(String(t.latest_game_date)).toBe(dayN(16));
  });

  it("CCC and DDD (14 games) have no row but a failure row", () => {
    expect(rows.team_defense_zone_analysis!.has("CCC")).toBe(false);
    const f = rows.precompute_failures!.get("team_defense_zone_analysis:CCC")!;
    expect([f.failure_category, f.reason_code, f.entity_type]).toEqual(["INSUFFICIENT_DATA", "TOO_FEW_GAMES", "team"]);
    expect(f.failure_reason).toBe(`Only 14 games before ${D} this season, need 15`);
    expect(rows.precompute_failures!.has("team_defense_zone_analysis:DDD")).toBe(true);
  });
});

describe("player_shot_zone_analysis", () => {
  it("alpha: last 10 games (7-16), game 15 without zones left out of the rates", () => {
    const p = rows.player_shot_zone_analysis!.get("alpha")!;
    expect([n(p.games_in_sample_10), n(p.zone_games_in_sample_10), n(p.games_in_sample_20)]).toEqual([10, 9, 16]);
    expect(n(p.total_shots_last_10)).toBe(90); // 9 x (4 + 2 + 4)
    expect([n(p.paint_rate_last_10), n(p.mid_range_rate_last_10), n(p.three_pt_rate_last_10)]).toEqual([40, 20, 40]);
    expect(p.primary_scoring_zone).toBe("paint"); // paint >= 40 is tested first
    expect(n(p.paint_pct_last_10)).toBe(0.5);
    expect(n(p.three_pt_pct_last_10)).toBe(0.25); // 10 / 40 over all 10 games
    expect([n(p.paint_attempts_per_game), n(p.three_pt_attempts_per_game)]).toEqual([4, 4]);
    expect(p.data_quality_tier).toBe("medium");
  });

  it("charlie (traded) keeps his games of both teams; bravo (9 games) and delta fail the gate", () => {
    expect(n(rows.player_shot_zone_analysis!.get("charlie")!.games_in_sample_20)).toBe(14);
    const f = rows.precompute_failures!.get("player_shot_zone_analysis:bravo")!;
    expect(f.failure_reason).toBe(`Only 9 games before ${D} this season, need 10`);
    expect(rows.precompute_failures!.has("player_shot_zone_analysis:delta")).toBe(true);
  });
});

describe("player_daily_cache", () => {
  it("alpha: scoring form, his team's last 10 games", () => {
    const p = rows.player_daily_cache!.get("alpha")!;
    expect([n(p.points_avg_last_5), n(p.points_avg_last_10), n(p.points_avg_season)]).toEqual([14, 11.5, 8.5]);
    expect(n(p.points_std_last_10)).toBe(3.03); // sample std of 7..16 = sqrt(82.5 / 9)
    expect(n(p.games_played_season)).toBe(16);
    expect([n(p.team_pace_last_10), n(p.team_off_rating_last_10), n(p.team_games_in_sample)]).toEqual([98, 116.5, 10]); // 105 + mean(7..16)
    expect(p.early_season_flag).toBe(false);
  });

  it("charlie (traded CCC -> AAA): season over both teams, team window of his team on D", () => {
    const p = rows.player_daily_cache!.get("charlie")!;
    expect([n(p.points_avg_last_5), n(p.points_avg_last_10), n(p.points_avg_season)]).toEqual([20, 16, 14.3]); // 200 / 14
    expect(p.team_abbr).toBe("AAA");
    expect(n(p.team_off_rating_last_10)).toBe(116.5);
  });

  it("bravo (no shot-zone row) and delta (0 games) fail with their reasons", () => {
    expect(rows.precompute_failures!.get("player_daily_cache:bravo")!.reason_code).toBe("NO_SHOT_ZONE_ANALYSIS");
    expect(rows.precompute_failures!.get("player_daily_cache:delta")!.reason_code).toBe("TOO_FEW_GAMES");
  });
});

describe("player_composite_factors", () => {
  it("alpha: rested, paint player against a strong paint defense, usage spike", () => {
    const p = rows.player_composite_factors!.get("alpha")!;
    expect(n(p.fatigue_score)).toBe(100);
    expect(n(p.shot_zone_mismatch_score)).toBe(-7.7); // -8 x min(40/50, 1) = -6.4, beyond 5 so x 1.2 = -7.68
    expect(n(p.pace_score)).toBe(0);
    expect(n(p.usage_spike_score)).toBe(1.7); // (30 - 170/7) x 0.3 = 1.714
    expect(n(p.total_composite_adjustment)).toBe(-5.97); // 0 - 7.68 + 0 + 1.714
    expect(n(p.data_completeness_pct)).toBe(100);
  });

  it("bravo: back-to-back with 4 games in 7 days, no shot-zone row, every scheduled player has a row", () => {
    const p = rows.player_composite_factors!.get("bravo")!;
    expect(n(p.fatigue_score)).toBe(75); // 100 - 15 - 10
    expect(n(p.shot_zone_mismatch_score)).toBe(0);
    expect(p.missing_data_fields).toBe("player_shot_zone");
    expect(rows.player_composite_factors!.size).toBe(4);
  });
});

describe("ml_feature_store", () => {
  it("alpha: features from phase 4, trend sign positive when scoring more recently, real team win pct", () => {
    const f = rows.ml_feature_store!.get("alpha")!;
    expect(n(f.points_avg_last_5)).toBe(14);
    expect(n(f.recent_trend)).toBe(1); // mean(14,15,16) - mean(12,13) = 2.5
    expect(n(f.pct_free_throw)).toBeCloseTo(20 / 115, 9);
    expect(n(f.team_win_pct)).toBe(0.625);
    expect(n(f.opponent_def_rating)).toBe(109);
    expect(n(f.pct_paint)).toBe(0.4);
    expect(n(f.rest_advantage)).toBe(0); // 1 - 1
    expect(n(f.home_away)).toBe(1);
    expect((f.features as number[]).length).toBe(25);
    expect((f.feature_sources as string[]).filter((s) => s === "default")).toEqual([]);
    expect(n(f.feature_quality_score)).toBe(97); // 22 x 100 + 3 x 75, over 25
    expect([f.quality_tier, f.data_source, f.is_production_ready]).toEqual(["gold", "phase4_partial", true]); // all four upstream rows present
  });

  it("bravo: phase 3 and default fallbacks with their sources, injury risk, back-to-back", () => {
    const f = rows.ml_feature_store!.get("bravo")!;
    const src = Object.fromEntries(
      (f.feature_names as string[]).map((name, i) => [name, (f.feature_sources as string[])[i]]),
    );
    expect([n(f.points_avg_last_10), src.points_avg_last_10]).toEqual([12.3, "phase3"]);
    expect([n(f.pct_paint), src.pct_paint]).toEqual([0.3, "default"]);
    expect([n(f.back_to_back), n(f.injury_risk), n(f.rest_advantage)]).toEqual([1, 2, -1]);
    expect(n(f.recent_trend)).toBe(0);
  });

  it("delta (no game before D) has a failure row, not a feature row", () => {
    expect(rows.ml_feature_store!.has("delta")).toBe(false);
    expect(rows.precompute_failures!.get("ml_feature_store:delta")!.reason_code).toBe("NO_PRIOR_GAMES");
  });
});
