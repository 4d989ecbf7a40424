import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { runGraph } from "../../ts/engine/local-runner.ts";
import { compileForTests, DATA_DIR, phase3Warehouse, SEASON } from "./fixture.ts";
import { readGzipCsv } from "./source-files.ts";

/**
 * upcoming_team_game_context (UTGC) and upcoming_player_game_context (UPGC) on the real 2023-24 season. Expected
 * values are computed here from the shipped CSV files; the last block changes inputs in this test's own warehouse
 * copy and reruns one date to prove the point-in-time rule.
 */

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const DAY_MS = 86_400_000;
const dayDiff = (a: string, b: string) => Math.round((Date.parse(a) - Date.parse(b)) / DAY_MS);
const addDays = (d: string, n: number) => new Date(Date.parse(d) + n * DAY_MS).toISOString().slice(0, 10);

const gameLogs = readGzipCsv(`${DATA_DIR}/team_game_logs/${SEASON}.csv.gz`);
const boxRows = readGzipCsv(`${DATA_DIR}/player_box_scores/${SEASON}.csv.gz`);
const injuryRows = readGzipCsv(`${DATA_DIR}/injuries/${SEASON}.csv.gz`);

/** One team's final games of the season from the team game log, oldest first. */
function teamResults(team: string) {
  return gameLogs
    .filter((g) => g.team_abbreviation_home === team || g.team_abbreviation_road === team)
    .map((g) => {
      const home = g.team_abbreviation_home === team;
      const own = Number(home ? g.pts_home : g.pts_road);
      const other = Number(home ? g.pts_road : g.pts_home);
      return { gameId: g.game_id!, date: g.game_date!, won: own > other, margin: own - other };
    })
    .sort((a, b) => a.date.localeCompare(b.date) || a.gameId.localeCompare(b.gameId));
}

/** A player's box-score appearances of the season, oldest first. */
function appearances(playerId: string) {
  return boxRows
    .filter((r) => r.PLAYER_ID === playerId)
    .map((r) => ({
      gameId: r.GAME_ID!,
      date: r.GAME_DATE!,
      team: r.TEAM_ABBREVIATION!,
      pts: Number(r.PTS),
      min: Number(r.MIN),
    }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

let w: DuckDbWarehouse;
beforeAll(async () => {
  ({ warehouse: w } = await phase3Warehouse());
}, 300_000);
afterAll(async () => w?.close());

describe("upcoming_team_game_context", () => {
  it("has exactly two rows per game of the team game log, one home and one away", async () => {
    const [c] = await w.query<Row>(
      `SELECT count(*) AS n, count(DISTINCT game_id) AS games, count(*) FILTER (WHERE home_game) AS homes FROM nba_analytics.upcoming_team_game_context`,
    );
    expect([num(c!.n), num(c!.games), num(c!.homes)]).toEqual([2 * gameLogs.length, gameLogs.length, gameLogs.length]);
  });

  for (const team of ["DEN", "BOS", "CHA"]) {
    it(`${team}: rest, back-to-back, 7/14-day load, record and streaks entering every game match the game log`, async () => {
      const results = teamResults(team);
      const rows = await w.query<Row>(
        `SELECT * FROM nba_analytics.upcoming_team_game_context WHERE team_abbr = $t ORDER BY game_date, game_id`,
        { params: { t: team } },
      );
      expect(rows.length).toBe(results.length);
      let backToBacks = 0;
      results.forEach((game, i) => {
        const prior = results.slice(0, i);
        const last = prior.at(-1);
        const daysRest = last ? dayDiff(game.date, last.date) - 1 : null;
        if (daysRest === 0) backToBacks++;
        let streak = 0;
        for (let k = prior.length - 1; k >= 0 && prior[k]!.won === last!.won; k--) streak++;
        const last10 = prior.slice(-10);
        const expected = {
          game_id: game.gameId,
          days_rest: daysRest,
          is_back_to_back: daysRest === 0,
          games_in_last_7_days: prior.filter((p) => dayDiff(game.date, p.date) <= 7).length,
          games_in_last_14_days: prior.filter((p) => dayDiff(game.date, p.date) <= 14).length,
          game_number_in_season: i + 1,
          season_wins: prior.filter((p) => p.won).length,
          last_10_losses: last10.filter((p) => !p.won).length,
          win_streak_entering: last?.won ? streak : 0,
          loss_streak_entering: last && !last.won ? streak : 0,
          last_game_margin: last ? last.margin : null,
        };
        const r = rows[i]!;
        expect({
          game_id: r.game_id,
          days_rest: num(r.days_rest),
          is_back_to_back: r.is_back_to_back,
          games_in_last_7_days: num(r.games_in_last_7_days),
          games_in_last_14_days: num(r.games_in_last_14_days),
          game_number_in_season: num(r.game_number_in_season),
          season_wins: num(r.season_wins),
          last_10_losses: num(r.last_10_losses),
          win_streak_entering: num(r.win_streak_entering),
          loss_streak_entering: num(r.loss_streak_entering),
          last_game_margin: num(r.last_game_margin),
        }).toEqual(expected);
      });
      expect(backToBacks).toBeGreaterThan(5);
    });
  }

  it("takes spread, total and moneyline from the game line, from each team's side", async () => {
    const lines = readGzipCsv(`${DATA_DIR}/game_lines/${SEASON}.csv.gz`);
    const usDate = (mdy: string) => {
      const [m, d, y] = mdy.split("/").map(Number);
      return `20${String(y).padStart(2, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
    };
    // site codes of the game-lines file for the teams checked here (reference/team_crosswalk.csv)
    const code: Record<string, string> = { DEN: "den", BOS: "bos", LAL: "lal", GSW: "gs" };
    const games = gameLogs.filter(
      (g) => (g.team_abbreviation_home ?? "") in code && (g.team_abbreviation_road ?? "") in code,
    );
    expect(games.length).toBeGreaterThan(3);
    for (const g of games) {
      const line = lines.find(
        (l) =>
          usDate(l.date!) === g.game_date &&
          l.home === code[g.team_abbreviation_home!] &&
          l.away === code[g.team_abbreviation_road!],
      )!;
      expect(line, g.game_id).toBeDefined();
      const spread = Number(line.spread);
      const homeSpread = spread === 0 ? 0 : line.whos_favored === "home" ? -spread : spread;
      const rows = await w.query<Row>(
        `SELECT home_game, game_spread, game_total FROM nba_analytics.upcoming_team_game_context WHERE game_id = $g`,
        { params: { g: g.game_id! } },
      );
      const byHome = Object.fromEntries(rows.map((r) => [String(r.home_game), r]));
      expect([num(byHome.true!.game_spread), num(byHome.false!.game_spread)]).toEqual([
        homeSpread,
        homeSpread === 0 ? 0 : -homeSpread,
      ]);
      expect(num(byHome.true!.game_total)).toBe(Number(line.total));
    }
  });
});

describe("upcoming_player_game_context", () => {
  // Jokic and Tatum stayed with one team; Siakam (TOR -> IND) and Anunoby (TOR -> NYK) were traded mid-season.
  for (const playerId of ["203999", "1628369", "1627783", "1628384"]) {
    it(`player ${playerId}: team, rest, 7-day load and points average of the last 5 come from box scores before the date`, async () => {
      const apps = appearances(playerId);
      const rows = await w.query<Row>(
        `SELECT * FROM nba_analytics.upcoming_player_game_context WHERE player_id = $p ORDER BY game_date`,
        { params: { p: playerId } },
      );
      // he is expected for most of the games he then played (those after his first appearance)
      const listedPlayed = apps.slice(1).filter((a) => rows.some((r) => r.game_id === a.gameId)).length;
      expect(listedPlayed / (apps.length - 1)).toBeGreaterThan(0.8);
      for (const r of rows) {
        const d = String(r.game_date);
        const before = apps.filter((a) => a.date < d);
        const last = before.at(-1)!;
        const last5 = before.slice(-5);
        const week = before.filter((a) => dayDiff(d, a.date) <= 7);
        expect({
          d,
          team: r.team_abbr,
          last_game_date: r.last_game_date,
          days_rest: num(r.days_rest),
          is_back_to_back: r.is_back_to_back,
          games_in_last_7_days: num(r.games_in_last_7_days),
          minutes_in_last_7_days: num(r.minutes_in_last_7_days),
          season_games_played: num(r.season_games_played),
        }).toEqual({
          d,
          team: last.team,
          last_game_date: last.date,
          days_rest: dayDiff(d, last.date) - 1,
          is_back_to_back: dayDiff(d, last.date) === 1,
          games_in_last_7_days: week.length,
          minutes_in_last_7_days: week.reduce((s, a) => s + a.min, 0),
          season_games_played: before.length,
        });
        expect(num(r.points_avg_last_5), d).toBeCloseTo(last5.reduce((s, a) => s + a.pts, 0) / last5.length, 3);
      }
    });
  }

  // placed on the injured list (no day-to-day note) mid-season on that date; each returned later
  for (const [name, placedOn] of [
    ["Bam Adebayo", "2023-12-01"],
    ["Tyrese Haliburton", "2024-01-09"],
    ["Kawhi Leonard", "2023-12-21"],
    ["Joel Embiid", "2024-01-31"],
  ] as const) {
    it(`${name} is not expected while on the injured list from ${placedOn}, and is again after his return`, async () => {
      const apps = boxRows.filter((r) => r.PLAYER_NAME === name);
      const playerId = apps[0]!.PLAYER_ID!;
      const team = apps[0]!.TEAM_ABBREVIATION!;
      const moves = injuryRows.filter((m) => (m.Player ?? "").replace("•", "").trim() === name && m.Date! >= placedOn);
      const placed = moves.find(
        (m) => m.Date === placedOn && (m.Relinquished ?? "").trim() !== "" && !/\(DTD\)/.test(m.Notes ?? ""),
      )!;
      expect(placed).toBeDefined();
      // the stint lasts until the next fact about him: an activation or an appearance
      const activated = moves.find((m) => m.Date! > placed.Date! && (m.Acquired ?? "").trim() !== "");
      const nextApp = apps
        .map((a) => a.GAME_DATE!)
        .filter((d) => d > placed.Date!)
        .sort()[0]!;
      const stintEnd = activated && activated.Date! < nextApp ? activated.Date! : nextApp;
      const teamDates = teamResults(team).map((g) => g.date);
      const during = teamDates.filter((d) => d > placed.Date! && d <= stintEnd);
      expect(during.length).toBeGreaterThan(0);
      const rows = await w.query<Row>(
        `SELECT game_date FROM nba_analytics.upcoming_player_game_context WHERE player_id = $p`,
        { params: { p: playerId } },
      );
      const listed = new Set(rows.map((r) => String(r.game_date)));
      expect(during.filter((d) => listed.has(d))).toEqual([]);
      const firstAfter = teamDates.find((d) => d > stintEnd)!;
      expect(listed.has(firstAfter), firstAfter).toBe(true);
    });
  }
});

describe("point in time: rerunning a date after changing inputs", () => {
  const D = "2024-01-15";
  const actions = [
    "game_dim",
    "team_game_rows",
    "player_availability_timeline",
    "prop_line_games",
    "upcoming_team_game_context",
    "upcoming_player_game_context",
  ];

  async function snapshot(): Promise<Map<string, string>> {
    const rows = await w.query<Row>(`
      SELECT 'T:' || game_id || ':' || team_abbr AS k, to_json(t)::VARCHAR AS v FROM nba_analytics.upcoming_team_game_context AS t WHERE game_date = DATE '${D}'
      UNION ALL
      SELECT 'P:' || game_id || ':' || player_id, to_json(p)::VARCHAR FROM nba_analytics.upcoming_player_game_context AS p WHERE game_date = DATE '${D}'`);
    return new Map(rows.map((r) => [String(r.k), String(r.v)]));
  }
  async function rerun() {
    const graph = await compileForTests({ start_date: D, end_date: D });
    const run = await runGraph(w, graph, { actions, historySchema: null });
    expect(run.ok, JSON.stringify(run.outcomes.filter((o) => o.status !== "succeeded"))).toBe(true);
  }
  const changedKeys = (a: Map<string, string>, b: Map<string, string>) =>
    [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();

  let target: { player_id: string; team_abbr: string; game_id: string };
  beforeAll(async () => {
    const rows = (await w.query<Row>(`
      SELECT player_id, team_abbr, game_id FROM nba_analytics.upcoming_player_game_context
      WHERE game_date = DATE '${D}' AND last_game_date IS NOT NULL ORDER BY points_avg_season DESC LIMIT 1`)) as (typeof target)[];
    target = rows[0]!;
  }, 60_000);

  it("box scores, results, injured-list moves and DFS lines dated on the game date change nothing", async () => {
    const before = await snapshot();
    expect(before.size).toBeGreaterThan(100);
    await w.execute(
      `UPDATE nba_raw.player_box_scores SET pts = pts + 10, minutes = minutes + 5 WHERE game_date = DATE '${D}'`,
    );
    await w.execute(`UPDATE nba_raw.team_game_results SET pts_home = pts_home + 30 WHERE game_date = DATE '${D}'`);
    await w.execute(`INSERT INTO nba_raw.injury_moves (season, move_date, team_nickname, team_abbr, player_name, player_lookup, player_id, player_match, move_type, relinquished, notes, source_file, source_line)
      SELECT '${SEASON}', DATE '${D}', 'x', team_abbr, 'x', player_lookup, player_id, 'name', 'placed', 'x', 'placed on IL (test)', 'test', 1
      FROM nba_analytics.upcoming_player_game_context WHERE game_date = DATE '${D}'`);
    await insertDfsLine(D);
    await rerun();
    expect(changedKeys(before, await snapshot())).toEqual([]);
  }, 120_000);

  it("a box score dated before the game date changes that player's row", async () => {
    const before = await snapshot();
    await w.execute(`UPDATE nba_raw.player_box_scores SET pts = pts + 10 WHERE player_id = '${target.player_id}'
      AND game_date = (SELECT max(game_date) FROM nba_raw.player_box_scores WHERE player_id = '${target.player_id}' AND game_date < DATE '${D}')`);
    await rerun();
    expect(changedKeys(before, await snapshot())).toEqual([`P:${target.game_id}:${target.player_id}`]);
  }, 120_000);

  it("a DFS points line on a slate before the game date appears; a placement the day before removes the player", async () => {
    await insertDfsLine(addDays(D, -1));
    await rerun();
    const [withLine] =
      await w.query<Row>(`SELECT has_prop_line, points_line, points_line_slate_date FROM nba_analytics.upcoming_player_game_context
      WHERE game_id = '${target.game_id}' AND player_id = '${target.player_id}'`);
    expect([withLine!.has_prop_line, num(withLine!.points_line), withLine!.points_line_slate_date]).toEqual([
      true,
      31.5,
      addDays(D, -1),
    ]);

    const before = await snapshot();
    await w.execute(`INSERT INTO nba_raw.injury_moves (season, move_date, team_nickname, team_abbr, player_name, player_lookup, player_id, player_match, move_type, relinquished, notes, source_file, source_line)
      VALUES ('${SEASON}', DATE '${addDays(D, -1)}', 'x', '${target.team_abbr}', 'x', 'x', '${target.player_id}', 'name', 'placed', 'x', 'placed on IL (test)', 'test', 2)`);
    await rerun();
    const after = await snapshot();
    expect(after.has(`P:${target.game_id}:${target.player_id}`)).toBe(false);
    // the team row counts him as out
    const teamKey = `T:${target.game_id}:${target.team_abbr}`;
    expect(JSON.parse(after.get(teamKey)!).injured_out_count).toBe(
      JSON.parse(before.get(teamKey)!).injured_out_count + 1,
    );
  }, 120_000);

  /** A DFS points line (31.5, both operators' shape) for the target player's game on D, on the given slate. */
  async function insertDfsLine(slate: string) {
    await w.execute(`INSERT INTO nba_raw.player_prop_lines (season, market, bookmaker_type, bookmaker, event_id, event_date, commence_time, snapshot_time, slate_date,
        team_name_home, team_name_away, team_abbr_home, team_abbr_away, player_name, player_lookup, player_id, player_match, side, line, over_price, under_price,
        upstream_file, source_file, source_line)
      SELECT '${SEASON}', 'points', 'dfs', 'PrizePicks', 'test-${slate}', g.game_date, CAST(CAST(g.game_date AS VARCHAR) || ' 23:30:00' AS TIMESTAMP), NULL, DATE '${slate}',
        'x', 'x', g.home_team_abbr, g.away_team_abbr, 'x', 'x', '${target.player_id}', 'name', 'over', 31.5, -137, NULL, 'x', 'test', 3
      FROM nba_analytics.game_dim AS g WHERE g.game_id = '${target.game_id}'`);
  }
});
