import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { evaluatePredictions, evaluationMarkdown, wilson } from "../../ts/predictions/evaluation.ts";

describe("Wilson interval", () => {
  it("7 of 10: [0.3968, 0.8922] (textbook value); no bets: no interval", () => {
    const i = wilson(7, 10);
    expect(i.rate).toBe(0.7);
    expect(i.lower).toBeCloseTo(0.3968, 4);
    expect(i.upper).toBeCloseTo(0.8922, 4);
    expect(wilson(0, 0)).toEqual({ rate: null, lower: null, upper: null });
  });
  it("50 of 100: [0.4038, 0.5962]; 0 of n and n of n stay inside [0, 1] (the formula gives -2e-17 for 0 of 10)", () => {
    const i = wilson(50, 100);
    expect(i.lower).toBeCloseTo(0.4038, 4);
    expect(i.upper).toBeCloseTo(0.5962, 4);
    for (const n of [1, 10, 12345]) {
      expect(wilson(0, n).lower).toBe(0);
      expect(wilson(n, n).upper).toBe(1);
    }
  });
});

describe("evaluatePredictions on hand-built graded rows", () => {
  let w: DuckDbWarehouse;
  beforeAll(async () => {
    w = await DuckDbWarehouse.open(":memory:");
    await w.execute("CREATE SCHEMA nba_predictions");
    await w.execute(`CREATE TABLE nba_predictions.prediction_accuracy (game_date DATE, market VARCHAR, system_id VARCHAR, predicted_value DOUBLE,
      line_value DOUBLE, actual_value DOUBLE, signed_error DOUBLE, absolute_error DOUBLE, line_result VARCHAR, outcome VARCHAR)`);
    // (predicted, line, actual, recommendation outcome)
    const rows: [number, number | null, number, string | null][] = [
      [20, 18.5, 25, "WIN"], // OVER call, actual over: edge 1.5
      [15, 18.5, 20, "LOSS"], // UNDER call, actual over: edge 3.5
      [22, 22, 22, "PUSH"], // actual = line
      [10, 12.5, 9, null], // PASS, actual under: edge 2.5, would have won
      [30, null, 26, null], // no line
      [8, 9.5, 12, "LOSS"], // out of the window (below)
    ];
    let day = 1;
    for (const [p, line, a, outcome] of rows) {
      const date = day === rows.length ? "2024-12-01" : `2024-11-0${day}`;
      day++;
      const lineResult = line === null ? null : a > line ? "OVER" : a < line ? "UNDER" : "PUSH";
      await w.execute(
        `INSERT INTO nba_predictions.prediction_accuracy VALUES (CAST($1 AS DATE), 'points', 'xgboost', $2, $3, $4, $5, $6, $7, $8)`,
        {
          params: [date, p, line, a, p - a, Math.abs(p - a), lineResult, outcome],
        },
      );
    }
  });
  afterAll(async () => {
    await w.close();
  });

  it("counts, errors, baselines and edge buckets of the window only", async () => {
    const [e] = await evaluatePredictions(w, "", { from: "2024-11-01", to: "2024-11-30" });
    expect(e!.graded).toBe(5);
    expect(e!.mae).toBeCloseTo((5 + 5 + 0 + 1 + 4) / 5, 10);
    expect(e!.bias).toBeCloseTo((-5 - 5 + 0 + 1 + 4) / 5, 10);
    expect(e!.lined).toBe(4);
    expect(e!.linedMae).toBeCloseTo((5 + 5 + 0 + 1) / 4, 10);
    expect(e!.lineMae).toBeCloseTo((6.5 + 1.5 + 0 + 3.5) / 4, 10);
    expect(e!.lineBias).toBeCloseTo((-6.5 - 1.5 + 0 + 3.5) / 4, 10);
    expect([e!.bets, e!.wins]).toEqual([2, 1]);
    expect([e!.underBets, e!.underWins]).toEqual([3, 1]);
    expect(e!.byEdge.map((b) => [b.threshold, b.bets, b.wins])).toEqual([
      [1, 3, 2],
      [2, 2, 1],
      [3, 1, 0],
      [4, 0, 0],
    ]);
    const md = evaluationMarkdown([e!]);
    expect(md).toContain("| points | xgboost | 5 | 3.00 | -1.00 | 4 | 2.75 | 2.88 | -1.13 | 2 | 50.0 % [");
    expect(md).not.toContain("| 4.0 |");
  });
});
