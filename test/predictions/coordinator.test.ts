import { afterEach, describe, expect, it } from "vitest";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { loadBatch, predictRange } from "../../ts/predictions/coordinator.ts";
import type { ModelArtefact } from "../../ts/predictions/model/artefact.ts";
import { buildBatchTables, countingWarehouse, TARGET_DATE } from "./batch-fixture.ts";
import { tinyModel } from "./inputs.ts";

let opened: DuckDbWarehouse[] = [];
afterEach(async () => {
  for (const w of opened) await w.close();
  opened = [];
});

async function warehouseWith(players: number) {
  const inner = await DuckDbWarehouse.open(":memory:");
  opened.push(inner);
  await buildBatchTables(inner, players);
  return countingWarehouse(inner);
}

const options = (models: Record<string, ModelArtefact> = { points: tinyModel() }) => ({
  from: TARGET_DATE,
  to: TARGET_DATE,
  datasetPrefix: "",
  correlationId: "corr-1",
  modelsFor: () => models,
});

describe("predictions coordinator", () => {
  it("the number of warehouse statements does not grow with the number of players", async () => {
    const small = await warehouseWith(3);
    const a = await predictRange(small.warehouse, options());
    const large = await warehouseWith(30);
    const b = await predictRange(large.warehouse, options());
    expect([a.players, b.players]).toEqual([3, 30]);
    expect(large.calls()).toBe(small.calls());
  });

  it("the batch keeps the feature store's columns and the season history apart, though they share names", async () => {
    const { warehouse } = await warehouseWith(1);
    const rows = await loadBatch(warehouse, "", TARGET_DATE, TARGET_DATE);
    const target = rows.find((r) => r.isTarget)!;
    // the feature store says 20 (fixture); game g scored 10 + g points, the target is game 12: the last 5 before it
    // scored 17..21 (19), the last 10 12..21 (16.5), the season 10..21 (15.5)
    expect(target.features.points_avg_last_5).toBe(20);
    expect(target.stat.points).toEqual({
      avgLast5: 19,
      avgLast10: 16.5,
      avgSeason: 15.5,
      stdLast10: expect.any(Number),
    });
    expect(target.stat.points.stdLast10).toBeCloseTo(Math.sqrt(110 / 12), 10); // sample sd of 12..21
    expect(target.stat.rebounds.avgLast5).toBe(5);
  });

  it("every player ends predicted, skipped (with a reason) or failed; a failing player does not stop the batch", async () => {
    const { warehouse } = await warehouseWith(5);
    // a tree whose right branch points at a node that does not exist: players with line ≥ 20 fail, the others not
    const broken = tinyModel();
    broken.trees = [
      {
        nodeid: 0,
        split: "points_avg_last_5",
        split_condition: 25,
        yes: 1,
        no: 9,
        missing: 1,
        children: [{ nodeid: 1, leaf: 0 }],
      },
    ];
    await warehouse.execute(
      `UPDATE nba_predictions.ml_feature_store SET points_avg_last_5 = 30 WHERE player_lookup = 'player003' AND game_date = CAST($d AS DATE)`,
      { params: { d: TARGET_DATE } },
    );
    const s = await predictRange(warehouse, options({ points: broken }));
    expect(s.players).toBe(5);
    expect(s.skipped).toBe(1); // player001's feature row is not production-ready
    expect(s.skipReasons).toEqual({ "features not production-ready": 1 });
    expect(s.failed).toBe(1);
    expect(s.failures[0]).toMatchObject({ playerLookup: "player003", error: "tree node 0 has no child 9" });
    expect(s.predicted).toBe(3);
    const [row] = await warehouse.query<{ n: number; players: number }>(
      `SELECT count(*) AS n, count(DISTINCT player_lookup) AS players FROM nba_predictions.player_prop_predictions`,
    );
    expect(Number(row!.players)).toBe(3);
  });

  it("writes one row per (game, player, market, system) with the line, its source, hash and correlation id; a rerun replaces, never duplicates", async () => {
    const { warehouse } = await warehouseWith(2);
    const first = await predictRange(warehouse, options());
    const count = async () =>
      Number(
        (await warehouse.query<{ n: number }>(`SELECT count(*) AS n FROM nba_predictions.player_prop_predictions`))[0]!
          .n,
      );
    const n = await count();
    // player000 only (player001 not production-ready): 4 markets × (moving_average, zone_matchup, similarity, ensemble) + xgboost for points
    expect(n).toBe(4 * 4 + 1);
    expect(first.rowsWritten).toBe(n);
    const [xgb] = await warehouse.query<Record<string, unknown>>(
      `SELECT predicted_value, line_value, line_source, recommendation, model_version, data_hash, correlation_id, edge
       FROM nba_predictions.player_prop_predictions WHERE system_id = 'xgboost'`,
    );
    // line 15.5 < 20 → leaf -1 → 19; edge 3.5 ≥ 1.5 → OVER
    expect(xgb).toMatchObject({
      predicted_value: 19,
      line_value: 15.5,
      line_source: "dfs_median",
      recommendation: "OVER",
      model_version: "xgb_points_2024-11-01_test",
      data_hash: "hash0_12",
      correlation_id: "corr-1",
      edge: 3.5,
    });
    const [noLine] = await warehouse.query<Record<string, unknown>>(
      `SELECT line_value, recommendation FROM nba_predictions.player_prop_predictions WHERE market = 'rebounds' AND system_id = 'moving_average'`,
    );
    expect(noLine).toEqual({ line_value: null, recommendation: "PASS" });

    const again = await predictRange(warehouse, options());
    expect(await count()).toBe(n);
    expect(again).toMatchObject({ predicted: 0, unchanged: 1, rowsWritten: 0 });

    await warehouse.execute(
      `UPDATE nba_predictions.ml_feature_store SET data_hash = 'changed', points_avg_last_5 = 22 WHERE player_lookup = 'player000' AND game_date = CAST($d AS DATE)`,
      { params: { d: TARGET_DATE } },
    );
    const changed = await predictRange(warehouse, options());
    expect(changed).toMatchObject({ predicted: 1, unchanged: 0 });
    expect(await count()).toBe(n);
  });

  it("a date's predictions are the same whether or not its results are loaded (point-in-time)", async () => {
    const { warehouse } = await warehouseWith(2);
    const read = () =>
      warehouse.query(
        `SELECT market, system_id, predicted_value, confidence, recommendation FROM nba_predictions.player_prop_predictions ORDER BY 1, 2`,
      );
    await warehouse.execute(
      `CREATE TABLE saved AS SELECT * FROM nba_analytics.player_game_summary WHERE game_date = CAST($d AS DATE)`,
      { params: { d: TARGET_DATE } },
    );
    await warehouse.execute(`DELETE FROM nba_analytics.player_game_summary WHERE game_date = CAST($d AS DATE)`, {
      params: { d: TARGET_DATE },
    });
    await predictRange(warehouse, options());
    const without = await read();
    await warehouse.execute(`INSERT INTO nba_analytics.player_game_summary SELECT * FROM saved`);
    await warehouse.execute(`DELETE FROM nba_predictions.player_prop_predictions`);
    await predictRange(warehouse, options());
    expect(await read()).toEqual(without);
    expect(without.length).toBeGreaterThan(0);
  });
});
