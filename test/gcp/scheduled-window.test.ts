import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../ts/engine/compile.ts";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { planRun, type RunOptions, runGraph } from "../../ts/engine/local-runner.ts";
import { phase3Warehouse, REPO } from "../analytics/fixture.ts";

/**
 * Scheduled runs pass no date vars (includes/dates.js): each incremental model derives its window from its own
 * table. Proven on one real season: the raw data ends on NEW_DATE; tables built through the previous game day;
 * NEW_DATE's raw rows arrive; a run with no vars adds exactly NEW_DATE and ends equal to a build with explicit vars.
 */
const SEASON_START = "2023-10-01";
const NEW_DATE = "2024-01-10";
const LOOKBACK_DAYS = 3;
const RAW_DATES: Record<string, string> = {
  player_box_scores: "game_date",
  team_game_results: "game_date",
  team_possessions: "game_date",
  line_scores: "game_date",
  game_lines: "game_date",
  odds_game_line_snapshots: "game_date",
  shot_zone_splits: "game_date",
  player_prop_lines: "event_date",
  injury_moves: "move_date",
};
const MODELS = [
  "player_game_summary",
  "team_offense_game_summary",
  "team_defense_game_summary",
  "upcoming_team_game_context",
  "upcoming_player_game_context",
];
const PHASE3: RunOptions = { tags: ["phase3"], includeDeps: true, historySchema: null };

let w: DuckDbWarehouse;
const reference = new Map<string, unknown[]>();
let previousDate = "";
let newRows = 0;
let selectedDates: string[] = [];
let mergedRows = 0;

const snapshot = (table: string) => w.query(`SELECT * FROM nba_analytics.${table} ORDER BY ALL`);
const noVars = () => compileProject({ projectDir: REPO, vars: { engine: "duckdb", window: "derived" } });

beforeAll(async () => {
  ({ warehouse: w } = await phase3Warehouse());
  for (const [table, column] of Object.entries(RAW_DATES)) {
    await w.execute(`DELETE FROM nba_raw.${table} WHERE ${column} > CAST($d AS DATE)`, { params: { d: NEW_DATE } });
  }
  // the reference: every table built with explicit vars over the whole (truncated) season
  const explicit = await compileProject({
    projectDir: REPO,
    vars: { engine: "duckdb", start_date: SEASON_START, end_date: NEW_DATE },
  });
  expect((await runGraph(w, explicit, { ...PHASE3, fullRefresh: true })).ok).toBe(true);
  for (const m of MODELS) reference.set(m, await snapshot(m));

  // the day before: NEW_DATE's raw rows have not landed; the tables are built (no vars) through the previous game day
  await w.execute("CREATE SCHEMA held");
  for (const [table, column] of Object.entries(RAW_DATES)) {
    await w.execute(`CREATE TABLE held.${table} AS SELECT * FROM nba_raw.${table} WHERE ${column} = CAST($d AS DATE)`, {
      params: { d: NEW_DATE },
    });
    await w.execute(`DELETE FROM nba_raw.${table} WHERE ${column} = CAST($d AS DATE)`, { params: { d: NEW_DATE } });
  }
  expect((await runGraph(w, await noVars(), { ...PHASE3, fullRefresh: true })).ok).toBe(true);
  previousDate = String(
    (
      await w.query<{ d: string }>("SELECT CAST(max(game_date) AS VARCHAR) AS d FROM nba_analytics.player_game_summary")
    )[0]!.d,
  );

  // NEW_DATE lands; the scheduled run passes no vars
  for (const table of Object.keys(RAW_DATES))
    await w.execute(`INSERT INTO nba_raw.${table} SELECT * FROM held.${table}`);
  const graph = await noVars();
  // the game dimension and the intermediate building blocks are rebuilt by every run: refresh them first to read
  // what the model would select
  const rebuilt = (await planRun(graph, { actions: ["player_game_summary"], includeDeps: true }))
    .map((p) => p.action)
    .filter((a) => a.type === "table" || a.type === "view")
    .map((a) => a.name);
  expect((await runGraph(w, graph, { actions: rebuilt, historySchema: null })).ok).toBe(true);
  const plan = (await planRun(graph, { actions: ["player_game_summary"] }))[0]!;
  selectedDates = (
    await w.query<{ d: string }>(
      `SELECT DISTINCT CAST(game_date AS VARCHAR) AS d FROM (${plan.incremental!.query}) ORDER BY d`,
    )
  ).map((r) => r.d);
  const run = await runGraph(w, graph, PHASE3);
  expect(run.ok).toBe(true);
  mergedRows = run.outcomes.find((o) => o.name === "nba_analytics.player_game_summary")!.rowsAffected ?? -1;
  newRows = (reference.get("player_game_summary") as { game_date: string }[]).filter(
    (r) => String(r.game_date) === NEW_DATE,
  ).length;
}, 900_000);
afterAll(async () => w?.close());

describe("scheduled runs without date vars", () => {
  it("the tables had seen games up to the previous game day only", () => {
    expect(previousDate < NEW_DATE).toBe(true);
    expect(newRows).toBeGreaterThan(100);
  });

  it("the incremental query selects the new date and only the lookback days before it", () => {
    const from = new Date(Date.parse(previousDate) - LOOKBACK_DAYS * 86_400_000).toISOString().slice(0, 10);
    expect(selectedDates).toContain(NEW_DATE);
    expect(selectedDates.every((d) => d >= from && d <= NEW_DATE)).toBe(true);
  });

  it("the MERGE changes exactly the new date's rows (the lookback days recompute identically)", () => {
    expect(mergedRows).toBe(newRows);
  });

  it("every model ends identical to the build with explicit vars", async () => {
    for (const m of MODELS) expect(await snapshot(m), m).toEqual(reference.get(m));
  });
});
