import { clamp, clampPrediction, MARKET_SCALE, signedEdge } from "../market-scale.ts";
import type { ModelArtefact } from "../model/artefact.ts";
import { modelInputs } from "../model/inputs.ts";
import { evaluateTrees } from "../model/trees.ts";
import type { Market, PredictionInput, PredictionSystem, SystemResult } from "../types.ts";

/**
 * The trained gradient-boosted model (XGBoost, one per market; replaces the reference's random mock [Q]).
 * Confidence is the reference's rule (70, + feature quality, + low volatility; 0-100); a bet needs confidence ≥ 60
 * and a signed edge of at least 1.5 (scaled by market).
 */
export function gradientBoosted(models: Partial<Record<Market, ModelArtefact>>): PredictionSystem {
  return {
    id: "xgboost",
    version: "xgboost_v2",
    predict(input: PredictionInput): SystemResult {
      const model = models[input.market];
      if (!model) return { status: "skipped", reason: `no trained ${input.market} model for this date` };
      if (model.training_window.cutoff > input.gameDate) {
        return {
          status: "skipped",
          reason: `model ${model.model_version} was trained up to ${model.training_window.cutoff}, after the game`,
        };
      }
      const predicted = clampPrediction(input.market, evaluateTrees(model, modelInputs(input)));
      const scale = MARKET_SCALE[input.market];
      const q = input.featureQualityScore ?? 80;
      const std = input.stat.stdLast10 ?? 5 * scale;
      const confidence = clamp(
        70 +
          (q >= 90 ? 10 : q >= 80 ? 7 : q >= 70 ? 5 : q >= 60 ? 2 : 0) +
          (std < 4 * scale ? 10 : std < 6 * scale ? 7 : std < 8 * scale ? 5 : 2),
        0,
        100,
      );
      let recommendation: "OVER" | "UNDER" | "PASS" = "PASS";
      if (input.line !== null && confidence >= 60) {
        const e = signedEdge(predicted, input.line);
        if (e >= 1.5 * scale) recommendation = "OVER";
        else if (e <= -1.5 * scale) recommendation = "UNDER";
      }
      return { status: "predicted", predicted, confidence, recommendation, modelVersion: model.model_version };
    },
  };
}
