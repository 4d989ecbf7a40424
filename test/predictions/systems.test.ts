import { describe, expect, it } from "vitest";
import { ensemble } from "../../ts/predictions/systems/ensemble.ts";
import { gradientBoosted } from "../../ts/predictions/systems/gradient-boosted.ts";
import { movingAverage } from "../../ts/predictions/systems/moving-average.ts";
import { similarity } from "../../ts/predictions/systems/similarity.ts";
import { zoneMatchup } from "../../ts/predictions/systems/zone-matchup.ts";
import type { HistoricalGame, PredictionSystem, SystemResult } from "../../ts/predictions/types.ts";
import { input, tinyModel } from "./inputs.ts";

const predicted = (r: SystemResult) => {
  if (r.status !== "predicted") throw new Error(`expected a prediction, got skipped: ${r.reason}`);
  return r;
};

describe("moving_average", () => {
  it("0.5·L5 + 0.3·L10 + 0.2·season plus adjustments; confidence 50 - 8 (σ 5) + 10 (3 games in 7 days)", () => {
    // 10 + 5.4 + 3.2 = 18.6; + 0.3·1 zone + 0.3·2 pace + 0.5 home + 0.4·0.5 usage = 20.2
    const r = predicted(movingAverage.predict(input({ line: 18 })));
    expect(r.predicted).toBeCloseTo(20.2, 10);
    expect(r.confidence).toBe(52);
    expect(r.recommendation).toBe("OVER"); // edge 2.2 > 2
  });

  it("no line: a prediction but no bet", () => {
    const r = predicted(movingAverage.predict(input({ line: null })));
    expect(r.predicted).toBeCloseTo(20.2, 10);
    expect(r.recommendation).toBe("PASS");
  });

  it("an edge exactly at the threshold (2.0) is PASS; just above is a bet", () => {
    // all averages 20 → base 20 exactly; only the +0.5 home term → 20.5
    const flat = { avgLast5: 20, avgLast10: 20, avgSeason: 20, stdLast10: 5 };
    const quiet = { shot_zone_mismatch_score: 0, pace_score: 0, usage_spike_score: 0 };
    expect(predicted(movingAverage.predict(input({ stat: flat, line: 18.5 }, quiet))).recommendation).toBe("PASS");
    expect(predicted(movingAverage.predict(input({ stat: flat, line: 18.25 }, quiet))).recommendation).toBe("OVER");
    expect(predicted(movingAverage.predict(input({ stat: flat, line: 22.5 }, quiet))).recommendation).toBe("PASS");
    expect(predicted(movingAverage.predict(input({ stat: flat, line: 22.75 }, quiet))).recommendation).toBe("UNDER");
  });

  it("fatigue: a tired player (score 20, 100 = rested) loses 2.5; a rested one loses nothing", () => {
    const rested = predicted(movingAverage.predict(input({}, { fatigue_score: 80 }))).predicted;
    const tired = predicted(movingAverage.predict(input({}, { fatigue_score: 20 }))).predicted;
    expect(rested - tired).toBeCloseTo(2.5, 10);
  });

  it("rebounds: adjustments and edge scaled by 0.5", () => {
    // base 0.5·10 + 0.3·8 + 0.2·6 = 8.6; adjustments 1.6 · 0.5 = 0.8 → 9.4; line 8.4 → edge 1.0 = threshold → PASS
    const stat = { avgLast5: 10, avgLast10: 8, avgSeason: 6, stdLast10: 2 };
    const r = predicted(movingAverage.predict(input({ market: "rebounds", stat, line: 8.4 })));
    expect(r.predicted).toBeCloseTo(9.4, 10);
    expect(r.confidence).toBe(60); // σ 2 < 4·0.5 → no volatility penalty
    expect(r.recommendation).toBe("PASS");
  });

  it("missing features or history: a clear skip reason", () => {
    expect(movingAverage.predict(input({}, { fatigue_score: null }))).toEqual({
      status: "skipped",
      reason: "missing feature fatigue_score",
    });
    expect(
      movingAverage.predict(input({ stat: { avgLast5: null, avgLast10: null, avgSeason: null, stdLast10: null } })),
    ).toEqual({
      status: "skipped",
      reason: "no points history this season before the game",
    });
  });
});

describe("zone_matchup", () => {
  it("a weak defense (rating 115) raises the prediction: zones 1.8·1 + 1.5·0.7 + 1.65·0.4 + 1.2·0.7 = 4.35", () => {
    // 16 + 4.35 + 0.4·2 pace + 0.8 home = 21.95
    const r = predicted(zoneMatchup.predict(input({ line: 19.95 })));
    expect(r.predicted).toBeCloseTo(21.95, 10);
    expect(r.confidence).toBe(52);
    expect(r.recommendation).toBe("PASS"); // edge 2.0 exactly (a tie) is not above 2
  });

  it("a strong defense (rating 105) lowers it by the same zone amount", () => {
    const r = predicted(zoneMatchup.predict(input({ line: 16 }, { opponent_def_rating: 105 })));
    expect(r.predicted).toBeCloseTo(16 - 4.35 + 1.6, 10);
    expect(r.recommendation).toBe("UNDER"); // 13.25 vs 16: edge 2.75
  });

  it("missing zone share: skipped with the feature's name", () => {
    expect(zoneMatchup.predict(input({}, { pct_three: null }))).toEqual({
      status: "skipped",
      reason: "missing feature pct_three",
    });
  });
});

describe("similarity", () => {
  const game = (gameDate: string, actual: number): HistoricalGame => ({
    gameDate,
    opponentDefRating: 116,
    daysRest: 1,
    isHome: true,
    formDelta: 3.5,
    actual,
  });
  const six = [20, 22, 24, 26, 28, 30].map((a, i) => game(`2024-11-0${i + 1}`, a));

  it("six games scoring 100 → mean 25, + adjustments 3.35; confidence 50 - 15 + 20 + 15 = 70", () => {
    // fatigue (80-70)·0.015 = 0.15, zone 0.4, pace 1.6, usage 0.4, home 0.8; population σ of the actuals 3.42 < 4
    const r = predicted(similarity.predict(input({ history: six, line: 25 })));
    expect(r.predicted).toBeCloseTo(28.35, 10);
    expect(r.confidence).toBe(70);
    expect(r.recommendation).toBe("OVER");
  });

  it("games on or after the game date are never used", () => {
    const r = predicted(
      similarity.predict(input({ history: [...six, game("2024-11-20", 100), game("2024-11-25", 100)], line: 25 })),
    );
    expect(r.predicted).toBeCloseTo(28.35, 10);
  });

  it("fewer than 5 similar games: skipped", () => {
    expect(similarity.predict(input({ history: six.slice(0, 4) }))).toEqual({
      status: "skipped",
      reason: "only 4 similar games before the game (need 5)",
    });
  });

  it("no line: PASS", () => {
    expect(predicted(similarity.predict(input({ history: six, line: null }))).recommendation).toBe("PASS");
  });
});

describe("xgboost (trained trees)", () => {
  const system = gradientBoosted({ points: tinyModel() });

  it("evaluates the trees: base 20 + leaf; a missing line follows the missing branch", () => {
    expect(predicted(system.predict(input({ line: 25 }))).predicted).toBe(21);
    expect(predicted(system.predict(input({ line: 10 }))).predicted).toBe(19);
    expect(predicted(system.predict(input({ line: null }))).predicted).toBe(20.5);
  });

  it("confidence 70 + 10 (quality 90) + 7 (σ 5); signed edge ≥ 1.5 bets, a tie at 1.5 bets (inclusive rule)", () => {
    const r = predicted(system.predict(input({ line: 25 })));
    expect(r.confidence).toBe(87);
    expect(r.recommendation).toBe("UNDER"); // 21 - 25 = -4
    expect(predicted(system.predict(input({ line: 19.5 }))).recommendation).toBe("PASS"); // 19 vs 19.5
    expect(predicted(system.predict(input({ line: 22.5 }))).recommendation).toBe("UNDER"); // 21 - 22.5 = -1.5
    expect(predicted(system.predict(input({ line: null }))).recommendation).toBe("PASS");
  });

  it("no model for the market, or a model trained past the game date: skipped", () => {
    expect(system.predict(input({ market: "assists" }))).toEqual({
      status: "skipped",
      reason: "no trained assists model for this date",
    });
    const late = gradientBoosted({ points: tinyModel("points", "2024-12-01") });
    expect(late.predict(input()).status).toBe("skipped");
  });
});

describe("ensemble", () => {
  const fixed = (
    id: string,
    value: number,
    confidence: number,
    recommendation: "OVER" | "UNDER" | "PASS",
  ): PredictionSystem => ({
    id,
    version: id,
    predict: () => ({ status: "predicted", predicted: value, confidence, recommendation }),
  });
  const skip: PredictionSystem = { id: "s", version: "s", predict: () => ({ status: "skipped", reason: "x" }) };

  it("confidence-weighted mean; σ 1 → +10, all valid → +5; majority call", () => {
    const r = predicted(
      ensemble([fixed("a", 20, 50, "OVER"), fixed("b", 22, 50, "OVER")]).predict(input({ line: 19 })),
    );
    expect(r.predicted).toBe(21);
    expect(r.confidence).toBe(65);
    expect(r.recommendation).toBe("OVER");
  });

  it("confidence below 65 (one base missing: no +5) → PASS", () => {
    const r = predicted(
      ensemble([fixed("a", 20, 50, "OVER"), fixed("b", 22, 50, "OVER"), skip]).predict(input({ line: 19 })),
    );
    expect(r.confidence).toBe(60);
    expect(r.recommendation).toBe("PASS");
  });

  it("fewer than 2 base predictions: skipped", () => {
    expect(ensemble([fixed("a", 20, 50, "OVER"), skip]).predict(input())).toEqual({
      status: "skipped",
      reason: "only 1 base system(s) predicted (need 2)",
    });
  });
});
