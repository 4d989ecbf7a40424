import { clampPrediction, MARKET_SCALE } from "../market-scale.ts";
import type { PredictionInput, PredictionSystem, SystemResult } from "../types.ts";
import { firstMissing, ruleBasedConfidence, ruleBasedRecommendation } from "./rule-based.ts";

const REQUIRED = [
  "fatigue_score",
  "shot_zone_mismatch_score",
  "pace_score",
  "usage_spike_score",
  "back_to_back",
  "home_away",
] as const;

/**
 * Moving-average baseline (spec §3.1) on the market's own averages: 0.5·L5 + 0.3·L10 + 0.2·season, plus the
 * reference's adjustments (in points, scaled by market). Fixed [Q]: fatigue_score is 100 = rested, so the penalty
 * goes to tired players (F < 30: -2.5, F < 50: -1.0), not to rested ones.
 */
export const movingAverage: PredictionSystem = {
  id: "moving_average",
  version: "moving_average_v2",
  predict(input: PredictionInput): SystemResult {
    const { avgLast5: l5, avgLast10: l10, avgSeason: sea } = input.stat;
    if (l5 === null || l10 === null || sea === null)
      return { status: "skipped", reason: `no ${input.market} history this season before the game` };
    const missing = firstMissing(input.features, REQUIRED);
    if (missing) return { status: "skipped", reason: `missing feature ${missing}` };
    const f = input.features as Record<(typeof REQUIRED)[number], number>;
    const s = MARKET_SCALE[input.market];
    const base = 0.5 * l5 + 0.3 * l10 + 0.2 * sea;
    const fatigue = f.fatigue_score < 30 ? -2.5 : f.fatigue_score < 50 ? -1.0 : 0;
    const rest = f.back_to_back === 1 ? -1.5 : 0;
    const venue = f.home_away === 1 ? 0.5 : -0.5;
    const adjustments =
      fatigue + 0.3 * f.shot_zone_mismatch_score + rest + 0.3 * f.pace_score + venue + 0.4 * f.usage_spike_score;
    const predicted = clampPrediction(input.market, base + s * adjustments);
    const confidence = ruleBasedConfidence(input);
    return {
      status: "predicted",
      predicted,
      confidence,
      recommendation: ruleBasedRecommendation(input.market, predicted, input.line, confidence),
    };
  },
};
