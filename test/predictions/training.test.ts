import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { readArtefact } from "../../ts/predictions/model/artefact.ts";
import { MODEL_INPUT_NAMES } from "../../ts/predictions/model/inputs.ts";
import { fitModel, type TrainingExample, trainCutoffs, trainingExamples } from "../../ts/predictions/model/train.ts";
import { evaluateTrees } from "../../ts/predictions/model/trees.ts";
import { buildBatchTables, TARGET_DATE } from "./batch-fixture.ts";

/** Deterministic synthetic examples: the label follows the 10-game average and the line, some lines missing. */
function synthetic(n: number): TrainingExample[] {
  return Array.from({ length: n }, (_, i) => {
    const avg = 5 + (i % 25);
    const line = i % 3 === 0 ? null : avg + ((i % 7) - 3) / 2;
    const inputs = Object.fromEntries(MODEL_INPUT_NAMES.map((name) => [name, null])) as Record<string, number | null>;
    Object.assign(inputs, { stat_avg_last_10: avg, line, home_away: i % 2, days_rest: i % 4 });
    const day = String(1 + (i % 28)).padStart(2, "0");
    return { gameDate: `2024-10-${day}`, inputs, label: 0.6 * avg + 0.4 * (line ?? avg) + (i % 2) };
  });
}

describe("training (XGBoost 1.7 through the checked-in script)", () => {
  it("same data and seed give the same model and the same predictions; the artefact records window, version and seed", async () => {
    const data = synthetic(400);
    const a = await fitModel("points", "2024-11-01", data);
    const b = await fitModel("points", "2024-11-01", data);
    expect(a.trees).toEqual(b.trees);
    expect(a.model_version).toBe(b.model_version);
    expect(a.model_version).toMatch(/^xgb_points_2024-11-01_[0-9a-f]{8}$/);
    expect(a.library).toEqual({ name: "xgboost", version: expect.stringMatching(/^1\.7\./) });
    expect(a.seed).toBe(42);
    expect(a.feature_version).toBe("v1_baseline_25");
    expect(a.training_window).toEqual({
      first_game_date: "2024-10-01",
      last_game_date: "2024-10-28",
      cutoff: "2024-11-01",
      rows: 400,
    });
    for (const e of data.slice(0, 20)) expect(evaluateTrees(a, e.inputs)).toBe(evaluateTrees(b, e.inputs));
    // it learned something: better than predicting the mean
    const mean = data.reduce((t, e) => t + e.label, 0) / data.length;
    const mae = (f: (e: TrainingExample) => number) =>
      data.reduce((t, e) => t + Math.abs(f(e) - e.label), 0) / data.length;
    expect(mae((e) => evaluateTrees(a, e.inputs))).toBeLessThan(mae(() => mean) / 2);
  }, 120_000);

  it("refuses a training row dated on or after the cut-off", async () => {
    await expect(fitModel("points", "2024-10-15", synthetic(50))).rejects.toThrow(/not before the cut-off 2024-10-15/);
  });
});

describe("training rows from the warehouse", () => {
  let w: DuckDbWarehouse;
  beforeAll(async () => {
    w = await DuckDbWarehouse.open(":memory:");
    await buildBatchTables(w, 4);
  });
  afterAll(async () => w?.close());

  it("only production-ready feature rows dated strictly before the cut-off, labelled with the game's actual value", async () => {
    const byMarket = await trainingExamples(w, "", "2024-10-15");
    // games 2024-10-10 .. 2024-10-14 for 4 players
    expect(byMarket.points).toHaveLength(20);
    expect(byMarket.points.every((e) => e.gameDate < "2024-10-15")).toBe(true);
    // game g scored 10 + g points, 5 rebounds, 3 assists
    expect(byMarket.points.filter((e) => e.gameDate === "2024-10-12").map((e) => e.label)).toEqual([12, 12, 12, 12]);
    expect(byMarket.pra.filter((e) => e.gameDate === "2024-10-12").map((e) => e.label)).toEqual([20, 20, 20, 20]);
    const all = await trainingExamples(w, "", "2024-12-01");
    // the target date's row of player001 is not production-ready
    expect(all.points).toHaveLength(4 * 13 - 1);
    expect(all.points.filter((e) => e.gameDate === TARGET_DATE)).toHaveLength(3);
  });

  it("writes one artefact per market and cut-off; cut-offs with the same training rows get the same trees", async () => {
    const modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), "nba-props-models-"));
    try {
      const progress: [number, number][] = [];
      // games 2024-10-10 .. 2024-10-21, then the target date 2024-11-20: the cut-offs 2024-11-01 and 2024-11-15 see
      // the same 48 rows; 2024-10-15 sees 20, 2024-12-01 all 51
      const trained = await trainCutoffs(w, {
        cutoffs: ["2024-12-01", "2024-10-15", "2024-11-15", "2024-11-01"],
        datasetPrefix: "",
        modelsDir,
        onFitted: (_fit, done, total) => progress.push([done, total]),
      });
      expect(trained).toHaveLength(16);
      expect(progress.at(-1)).toEqual([16, 16]);
      const read = (market: string, cutoff: string) =>
        readArtefact(path.join(modelsDir, market, `cutoff-${cutoff}.json`));
      for (const market of ["points", "rebounds", "assists", "pra"]) {
        const [october, november, midNovember, december] = ["2024-10-15", "2024-11-01", "2024-11-15", "2024-12-01"].map(
          (c) => read(market, c),
        );
        expect(october!.training_window.rows).toBe(20);
        expect(november!.training_window.rows).toBe(48);
        expect(december!.training_window.rows).toBe(51);
        expect(midNovember!.trees).toEqual(november!.trees);
        expect(midNovember!.training_window).toEqual({ ...november!.training_window, cutoff: "2024-11-15" });
        expect(midNovember!.model_version).toBe(november!.model_version.replace("2024-11-01", "2024-11-15"));
      }
    } finally {
      fs.rmSync(modelsDir, { recursive: true, force: true });
    }
  }, 120_000);
});
