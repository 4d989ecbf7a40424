import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import type { CompiledGraph } from "../../ts/engine/graph.ts";
import { runGraph } from "../../ts/engine/local-runner.ts";
import { compileForTests, DATA_DIR, phase3Warehouse, SEASON } from "./fixture.ts";
import { readGzipCsv } from "./source-files.ts";

// Expected values come straight from the shipped CSV files (not through the loaders or the models).
const gameLogs = readGzipCsv(`${DATA_DIR}/team_game_logs/${SEASON}.csv.gz`);
const possessionsByGame = new Map(
  readGzipCsv(`${DATA_DIR}/team_possessions/${SEASON}.csv.gz`).map((r) => [r.game_id!, r]),
);

type Side = "home" | "road";
const other = (s: Side): Side => (s === "home" ? "road" : "home");
const num = (v: unknown) => Number(v);

function possessionsRow(gameId: string): Record<string, string> {
  const p = possessionsByGame.get(gameId);
  if (!p) throw new Error(`no team_possessions row for ${gameId}`);
  return p;
}

/** Offense and defense figures of one side of a game, computed from the CSV rows. */
function expectedSide(game: Record<string, string>, side: Side) {
  const p = possessionsRow(game.game_id!);
  const o = other(side);
  const poss = num(p[`possessions_${side}`]);
  const oppPoss = num(p[`possessions_${o}`]);
  const minutes = num(p[`minutes_${side}`]);
  const points = num(game[`pts_${side}`]);
  const oppPoints = num(game[`pts_${o}`]);
  const efg = (s: Side) => (num(game[`fgm_${s}`]) + 0.5 * num(game[`fg3m_${s}`])) / num(game[`fga_${s}`]);
  return {
    team: game[`team_abbreviation_${side}`]!,
    opponent: game[`team_abbreviation_${o}`]!,
    points,
    oppPoints,
    poss,
    oppPoss,
    overtimePeriods: (minutes - 240) / 25,
    pace: (48 * ((poss + oppPoss) / 2)) / (minutes / 5),
    offensiveRating: (100 * points) / poss,
    defensiveRating: (100 * oppPoints) / oppPoss,
    efg: efg(side),
    oppEfg: efg(o),
  };
}

const regularGame = gameLogs.find(
  (g) => g.game_type === "regular_season" && possessionsRow(g.game_id!).minutes_home === "240",
)!;
const overtimeGame =
  gameLogs.find((g) => num(possessionsRow(g.game_id!).minutes_home) >= 290) ??
  gameLogs.find((g) => num(possessionsRow(g.game_id!).minutes_home) > 240)!;
const playoffGame = gameLogs.find((g) => g.game_type === "playoffs")!;

let w: DuckDbWarehouse;
beforeAll(async () => {
  ({ warehouse: w } = await phase3Warehouse());
}, 240_000);
afterAll(async () => w?.close());

async function row(table: string, gameId: string, team: string): Promise<Record<string, unknown>> {
  const rows = await w.query<Record<string, unknown>>(
    `SELECT * FROM nba_analytics.${table} WHERE game_id = $g AND team_abbr = $t`,
    {
      params: { g: gameId, t: team },
    },
  );
  expect(rows, `${table} ${gameId} ${team}`).toHaveLength(1);
  return rows[0]!;
}

describe("team_offense_game_summary and team_defense_game_summary on 2023-24", () => {
  it("picked a regular, an overtime and a playoff game from the CSV", () => {
    expect(regularGame).toBeDefined();
    expect(overtimeGame).toBeDefined();
    expect(playoffGame).toBeDefined();
    expect(num(possessionsRow(overtimeGame.game_id!).minutes_home)).toBeGreaterThan(240);
  });

  for (const [label, pick] of [
    ["regular-season game", () => regularGame],
    ["overtime game", () => overtimeGame],
    ["playoff game", () => playoffGame],
  ] as const) {
    it(`${label}: points, possessions, pace, ratings and eFG% match the CSV for both teams`, async () => {
      const game = pick();
      for (const side of ["home", "road"] as const) {
        const e = expectedSide(game, side);
        const off = await row("team_offense_game_summary", game.game_id!, e.team);
        expect(off.opponent_team_abbr).toBe(e.opponent);
        expect(off.home_game).toBe(side === "home");
        expect(num(off.points_scored)).toBe(e.points);
        expect(num(off.opponent_points)).toBe(e.oppPoints);
        expect(off.win_flag).toBe(e.points > e.oppPoints);
        expect(num(off.possessions_nba)).toBe(e.poss);
        expect(num(off.possessions)).toBe(e.poss);
        expect(num(off.overtime_periods)).toBe(e.overtimePeriods);
        expect(num(off.pace)).toBeCloseTo(e.pace, 9);
        expect(num(off.offensive_rating)).toBeCloseTo(e.offensiveRating, 9);
        expect(num(off.efg_pct)).toBeCloseTo(e.efg, 9);

        const def = await row("team_defense_game_summary", game.game_id!, e.team);
        expect(def.opponent_team_abbr).toBe(e.opponent);
        expect(num(def.points_allowed)).toBe(e.oppPoints);
        expect(num(def.opp_possessions_nba)).toBe(e.oppPoss);
        expect(num(def.overtime_periods)).toBe(e.overtimePeriods);
        expect(num(def.pace)).toBeCloseTo(e.pace, 9);
        expect(num(def.defensive_rating)).toBeCloseTo(e.defensiveRating, 9);
        expect(num(def.opponent_efg_pct)).toBeCloseTo(e.oppEfg, 9);
      }
    });
  }

  it("has two rows per game of the CSV in each table, one home and one away", async () => {
    for (const table of ["team_offense_game_summary", "team_defense_game_summary"]) {
      const [c] = await w.query<{ n: number; games: number; homes: number }>(
        `SELECT count(*) AS n, count(DISTINCT game_id) AS games, count(*) FILTER (WHERE home_game) AS homes FROM nba_analytics.${table}`,
      );
      expect({ table, n: num(c!.n), games: num(c!.games), homes: num(c!.homes) }).toEqual({
        table,
        n: 2 * gameLogs.length,
        games: gameLogs.length,
        homes: gameLogs.length,
      });
    }
  });

  it("offense of team A equals what A's opponent allowed, for every team-game", async () => {
    const [c] = await w.query<{ pairs: number; bad: number }>(`
      SELECT count(*) AS pairs,
        count(*) FILTER (WHERE o.points_scored <> d.points_allowed OR o.offensive_rating <> d.defensive_rating
          OR o.efg_pct <> d.opponent_efg_pct OR o.turnovers <> d.turnovers_forced OR o.pace <> d.pace) AS bad
      FROM nba_analytics.team_offense_game_summary AS o
      JOIN nba_analytics.team_defense_game_summary AS d
        ON d.game_id = o.game_id AND d.team_abbr = o.opponent_team_abbr AND d.opponent_team_abbr = o.team_abbr`);
    expect({ pairs: num(c!.pairs), bad: num(c!.bad) }).toEqual({ pairs: 2 * gameLogs.length, bad: 0 });
  });
});

describe("windowed incremental run and assertions", () => {
  const day = regularGame.game_date!;
  const gamesThatDay = gameLogs.filter((g) => g.game_date === day).length;
  let dayGraph: CompiledGraph;
  beforeAll(async () => {
    dayGraph = await compileForTests({ start_date: day, end_date: day });
  }, 60_000);

  it("a one-day run restores that day's rows and leaves other days alone", async () => {
    const outside = overtimeGame.game_id!;
    await w.execute(
      `UPDATE nba_analytics.team_offense_game_summary SET points_scored = -1 WHERE game_date = DATE '${day}'`,
    );
    await w.execute(
      `UPDATE nba_analytics.team_offense_game_summary SET points_scored = -2 WHERE game_id = '${outside}'`,
    );
    const run = await runGraph(w, dayGraph, {
      actions: ["team_offense_game_summary", "team_defense_game_summary"],
      historySchema: null,
    });
    expect(run.ok, JSON.stringify(run.outcomes.filter((o) => o.status !== "succeeded"))).toBe(true);
    const offense = run.outcomes.find((o) => o.name.endsWith("team_offense_game_summary"))!;
    expect(offense.rowsAffected).toBe(2 * gamesThatDay);

    const e = expectedSide(regularGame, "home");
    expect(num((await row("team_offense_game_summary", regularGame.game_id!, e.team)).points_scored)).toBe(e.points);
    const [kept] = await w.query<{ p: number }>(
      `SELECT min(points_scored) AS p FROM nba_analytics.team_offense_game_summary WHERE game_id = '${outside}'`,
    );
    expect(num(kept!.p)).toBe(-2);
    // restore, so the assertions below see clean data apart from what they break themselves
    await w.execute(`UPDATE nba_analytics.team_offense_game_summary AS t SET points_scored = d.points_allowed
      FROM nba_analytics.team_defense_game_summary AS d
      WHERE t.game_id = '${outside}' AND d.game_id = t.game_id AND d.team_abbr = t.opponent_team_abbr`);
  }, 60_000);

  it("the model assertions pass on the day and fail, naming the game, when a team row is missing or wrong", async () => {
    const assertions = [
      "team_offense_game_summary_two_rows_per_game",
      "team_offense_game_summary_points_match_players",
      "team_defense_game_summary_two_rows_per_game",
      "team_defense_game_summary_matches_offense",
    ];
    const clean = await runGraph(w, dayGraph, { actions: assertions, historySchema: null });
    expect(clean.outcomes.map((o) => [o.name.replace(/^.*\./, ""), o.status]).sort()).toEqual(
      assertions.map((a) => [a, "succeeded"]).sort(),
    );

    const e = expectedSide(regularGame, "home");
    await w.execute(`UPDATE nba_analytics.team_offense_game_summary SET points_scored = points_scored + 1
      WHERE game_id = '${regularGame.game_id}' AND team_abbr = '${e.team}'`);
    await w.execute(
      `DELETE FROM nba_analytics.team_defense_game_summary WHERE game_id = '${regularGame.game_id}' AND team_abbr = '${e.team}'`,
    );
    const broken = await runGraph(w, dayGraph, { actions: assertions, historySchema: null });
    const status = Object.fromEntries(broken.outcomes.map((o) => [assertions.find((a) => o.name.endsWith(a))!, o]));
    expect(status["team_offense_game_summary_two_rows_per_game"]!.status).toBe("succeeded");
    for (const name of [
      "team_offense_game_summary_points_match_players",
      "team_defense_game_summary_two_rows_per_game",
      "team_defense_game_summary_matches_offense",
    ]) {
      expect(status[name]!.status, name).toBe("failed");
      expect(status[name]!.assertion?.sample.map((r) => r.game_id)).toContain(regularGame.game_id);
    }
  }, 60_000);
});
