import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import type { CompiledGraph } from "../../ts/engine/graph.ts";
import { runGraph } from "../../ts/engine/local-runner.ts";
import { ensurePredictionTable, mergePredictions, type PredictionRow } from "../../ts/predictions/prediction-table.ts";
import { compileForTests } from "../analytics/fixture.ts";

/** Grading on hand-built predictions and results: every expected value below is worked out by hand. */
const DATE = "2024-01-10";
const GAME = "0022300500";

function prediction(
  player: string,
  market: string,
  predicted: number,
  recommendation: string,
  line: number | null,
): PredictionRow {
  return {
    game_date: DATE,
    game_id: GAME,
    player_id: player,
    player_lookup: `p${player}`,
    player_name: `P ${player}`,
    market,
    system_id: "moving_average",
    predicted_value: predicted,
    confidence: 60,
    recommendation,
    line_value: line,
    line_source: line === null ? null : "dfs_median",
    edge: line === null ? null : predicted - line,
    model_version: "moving_average_v2",
    feature_version: "v1_baseline_25",
    data_hash: "0123456789abcdef",
    feature_quality_score: 90,
    correlation_id: "c",
    batch_id: "b",
    created_at: "2024-01-10T12:00:00Z",
  };
}

let w: DuckDbWarehouse;
let dir: string;
let graph: CompiledGraph;
const grade = () => runGraph(w, graph, { tags: ["grading"], historySchema: null });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "nbap-grading-"));
  w = await DuckDbWarehouse.open(path.join(dir, "w.duckdb"));
  graph = await compileForTests();
  await w.execute(`CREATE SCHEMA nba_analytics`);
  await w.execute(
    `CREATE TABLE nba_analytics.player_game_summary (game_id VARCHAR, player_id VARCHAR, points BIGINT, total_rebounds BIGINT, assists BIGINT)`,
  );
  // every player scored 25 points, 8 rebounds, 5 assists; player 9 has no box score (did not play)
  for (const p of ["1", "2", "3", "4", "5"])
    await w.execute(`INSERT INTO nba_analytics.player_game_summary VALUES ($1, $2, 25, 8, 5)`, { params: [GAME, p] });
  await ensurePredictionTable(w, "");
  await mergePredictions(w, "", [
    prediction("1", "points", 22, "OVER", 20.5), // WIN, error -3
    prediction("2", "points", 18, "UNDER", 20.5), // LOSS, error -7
    prediction("3", "points", 27, "OVER", 25), // PUSH (actual = line), error +2
    prediction("4", "points", 21, "PASS", 20.5), // no call, error -4
    prediction("5", "points", 30, "PASS", null), // no line, error +5
    prediction("1", "pra", 35, "OVER", 30.5), // 25 + 8 + 5 = 38 > 30.5: WIN
    prediction("9", "points", 20, "OVER", 20.5), // not graded: no box score
  ]);
  const run = await grade();
  if (!run.ok)
    throw new Error(
      run.outcomes
        .filter((o) => o.status !== "succeeded")
        .map((o) => `${o.name}: ${o.error}`)
        .join("; "),
    );
}, 300_000);
afterAll(async () => {
  await w?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("prediction_accuracy", () => {
  it("actual, errors and WIN/LOSS/PUSH against the stored line; ungraded without a box score", async () => {
    const rows = await w.query<Record<string, unknown>>(
      `SELECT player_id, market, actual_value, signed_error, absolute_error, within_3, within_5, line_result, outcome
       FROM nba_predictions.prediction_accuracy ORDER BY market, player_id`,
    );
    expect(rows).toEqual([
      {
        player_id: "1",
        market: "points",
        actual_value: 25,
        signed_error: -3,
        absolute_error: 3,
        within_3: true,
        within_5: true,
        line_result: "OVER",
        outcome: "WIN",
      },
      {
        player_id: "2",
        market: "points",
        actual_value: 25,
        signed_error: -7,
        absolute_error: 7,
        within_3: false,
        within_5: false,
        line_result: "OVER",
        outcome: "LOSS",
      },
      {
        player_id: "3",
        market: "points",
        actual_value: 25,
        signed_error: 2,
        absolute_error: 2,
        within_3: true,
        within_5: true,
        line_result: "PUSH",
        outcome: "PUSH",
      },
      {
        player_id: "4",
        market: "points",
        actual_value: 25,
        signed_error: -4,
        absolute_error: 4,
        within_3: false,
        within_5: true,
        line_result: "OVER",
        outcome: null,
      },
      {
        player_id: "5",
        market: "points",
        actual_value: 25,
        signed_error: 5,
        absolute_error: 5,
        within_3: false,
        within_5: true,
        line_result: null,
        outcome: null,
      },
      {
        player_id: "1",
        market: "pra",
        actual_value: 38,
        signed_error: -3,
        absolute_error: 3,
        within_3: true,
        within_5: true,
        line_result: "OVER",
        outcome: "WIN",
      },
    ]);
  });
});

describe("system_daily_performance", () => {
  it("MAE, bias, hit rate with its Wilson interval, and the line / always-UNDER baselines on the same rows", async () => {
    const [r] = await w.query<Record<string, number>>(
      `SELECT * EXCLUDE (game_date, system_id, market) FROM nba_predictions.system_daily_performance WHERE market = 'points'`,
    );
    expect(r).toMatchObject({
      predictions: 5,
      bets: 2,
      wins: 1,
      pushes: 1,
      lined_predictions: 4,
      under_bets: 3,
      under_wins: 0,
    });
    expect(r!.mae).toBeCloseTo(4.2, 10); // (3 + 7 + 2 + 4 + 5) / 5
    expect(r!.bias).toBeCloseTo(-1.4, 10); // (-3 - 7 + 2 - 4 + 5) / 5
    expect(r!.within_3_rate).toBeCloseTo(0.4, 10);
    expect(r!.within_5_rate).toBeCloseTo(0.8, 10);
    expect(r!.hit_rate).toBe(0.5);
    expect(r!.hit_rate_lower_95).toBeCloseTo(0.0945, 4); // Wilson 95 % for 1 of 2
    expect(r!.hit_rate_upper_95).toBeCloseTo(0.9055, 4);
    expect(r!.lined_mae).toBeCloseTo(4, 10); // (3 + 7 + 2 + 4) / 4
    expect(r!.line_mae).toBeCloseTo(3.375, 10); // (4.5 · 3 + 0) / 4
    expect(r!.line_bias).toBeCloseTo(-3.375, 10);
    expect(r!.under_hit_rate).toBe(0);
    expect(r!.under_hit_rate_lower_95).toBe(0);
    expect(r!.under_hit_rate_upper_95).toBeCloseTo(0.5615, 4); // Wilson 95 % for 0 of 3
  });

  it("a rerun replaces rows, never duplicates", async () => {
    const count = async () =>
      (
        await w.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM nba_predictions.prediction_accuracy) + (SELECT count(*) FROM nba_predictions.system_daily_performance) AS n`,
        )
      )[0]!.n;
    const before = Number(await count());
    expect((await grade()).ok).toBe(true);
    expect(Number(await count())).toBe(before);
  });
});
