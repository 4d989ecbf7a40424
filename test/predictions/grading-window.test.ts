import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../ts/engine/compile.ts";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { planRun, runGraph } from "../../ts/engine/local-runner.ts";
import { ensurePredictionTable, mergePredictions, type PredictionRow } from "../../ts/predictions/prediction-table.ts";
import { REPO } from "../analytics/fixture.ts";

/**
 * Scheduled grading passes no date vars (window=derived): prediction_accuracy and system_daily_performance derive
 * their window from their own tables (includes/dates.js: latest game_date minus the 3-day lookback). Hand-built:
 * predictions on three dates far apart; graded through the second (2024-01-10), the third date's box scores land,
 * a run without vars reads from 2024-01-07 on (the new date plus the lookback, not the first date), changes only
 * the new date's rows, and ends equal to a build with explicit vars.
 */
const DATES = ["2024-01-01", "2024-01-10", "2024-01-20"];
const PLAYERS = ["1", "2"];
const game = (date: string) => `00223${date.replaceAll("-", "").slice(3)}`;

function prediction(date: string, player: string, predicted: number): PredictionRow {
  return {
    game_date: date,
    game_id: game(date),
    player_id: player,
    player_lookup: `p${player}`,
    player_name: `P ${player}`,
    market: "points",
    system_id: "moving_average",
    predicted_value: predicted,
    confidence: 60,
    recommendation: "OVER",
    line_value: 20.5,
    line_source: "dfs_median",
    edge: predicted - 20.5,
    model_version: "moving_average_v2",
    feature_version: "v1_baseline_25",
    data_hash: "0123456789abcdef",
    feature_quality_score: 90,
    correlation_id: "c",
    batch_id: "b",
    created_at: `${date}T12:00:00Z`,
  };
}

let dir: string;
let w: DuckDbWarehouse;
let selected: string[] = [];
let merged = -1;
let derived: Record<string, unknown[]> = {};
let explicit: Record<string, unknown[]> = {};

const TABLES = ["prediction_accuracy", "system_daily_performance"];
const snapshot = async () =>
  Object.fromEntries(
    await Promise.all(
      TABLES.map(async (t) => [t, await w.query(`SELECT * FROM nba_predictions.${t} ORDER BY ALL`)] as const),
    ),
  );
const compile = (vars: Record<string, string>) =>
  compileProject({ projectDir: REPO, vars: { engine: "duckdb", ...vars } });
const boxScores = async (date: string) => {
  for (const p of PLAYERS)
    await w.execute("INSERT INTO nba_analytics.player_game_summary VALUES ($1, $2, 25, 8, 5)", {
      params: [game(date), p],
    });
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "nbap-grading-window-"));
  w = await DuckDbWarehouse.open(path.join(dir, "w.duckdb"));
  await w.execute("CREATE SCHEMA nba_analytics");
  await w.execute(
    "CREATE TABLE nba_analytics.player_game_summary (game_id VARCHAR, player_id VARCHAR, points BIGINT, total_rebounds BIGINT, assists BIGINT)",
  );
  await ensurePredictionTable(w, "");
  await mergePredictions(
    w,
    "",
    DATES.flatMap((d) => [prediction(d, "1", 22), prediction(d, "2", 18)]),
  );
  // graded through the second date (the third date's game has no box score yet)
  await boxScores(DATES[0]!);
  await boxScores(DATES[1]!);
  const noVars = await compile({ window: "derived" });
  expect((await runGraph(w, noVars, { tags: ["grading"], historySchema: null, fullRefresh: true })).ok).toBe(true);
  // the third date's results land; the scheduled run passes no vars
  await boxScores(DATES[2]!);
  const plan = (await planRun(noVars, { actions: ["prediction_accuracy"] }))[0]!;
  selected = (
    await w.query<{ d: string }>(
      `SELECT DISTINCT CAST(game_date AS VARCHAR) AS d FROM (${plan.incremental!.query}) ORDER BY d`,
    )
  ).map((r) => r.d);
  const run = await runGraph(w, noVars, { tags: ["grading"], historySchema: null });
  expect(run.ok).toBe(true);
  merged = run.outcomes.find((o) => o.name === "nba_predictions.prediction_accuracy")!.rowsAffected ?? -1;
  derived = await snapshot();
  // the reference: both tables rebuilt with explicit vars over the three dates
  const withVars = await compile({ start_date: DATES[0]!, end_date: DATES[2]! });
  expect((await runGraph(w, withVars, { tags: ["grading"], historySchema: null, fullRefresh: true })).ok).toBe(true);
  explicit = await snapshot();
}, 300_000);
afterAll(async () => {
  await w?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("scheduled grading without date vars", () => {
  it("the incremental run reads the new date and the lookback days only; the MERGE changes only the new date's rows", () => {
    // latest graded date 2024-01-10 minus 3 days: 2024-01-07 onwards, so 2024-01-01 is not read again
    expect(selected).toEqual([DATES[1], DATES[2]]);
    expect(merged).toBe(PLAYERS.length);
  });

  it("ends with the same tables as a build with explicit vars", () => {
    expect((explicit.prediction_accuracy as unknown[]).length).toBe(DATES.length * PLAYERS.length);
    expect((explicit.system_daily_performance as unknown[]).length).toBe(DATES.length);
    expect(derived).toEqual(explicit);
  });
});
