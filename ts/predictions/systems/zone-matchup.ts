import { clamp, clampPrediction, MARKET_SCALE } from "../market-scale.ts";
import type { PredictionInput, PredictionSystem, SystemResult } from "../types.ts";
import { firstMissing, ruleBasedConfidence, ruleBasedRecommendation } from "./rule-based.ts";

const ZONES = [
  ["pct_paint", 1.2],
  ["pct_mid_range", 1.0],
  ["pct_three", 1.1],
  ["pct_free_throw", 0.8],
] as const;
const REQUIRED = ["opponent_def_rating", "pace_score", "home_away", "fatigue_score", ...ZONES.map(([z]) => z)] as const;

/** Weight of a zone by the player's share of it (a 0-1 fraction, as phase 4 stores it). */
const usageWeight = (share: number) => (share >= 0.4 ? 1.0 : share >= 0.2 ? 0.7 : 0.4);

/**
 * Zone matchup (spec §3.2): season average plus a per-zone defensive adjustment, pace, venue and fatigue.
 * Fixed [Q]: a weaker defense (higher defensive rating = more points allowed) now raises the prediction:
 * s_z = clamp((OPP - 110)·0.3·m_z, -3, 3); and fatigue penalises tired players (F < 30: -1.5, F < 50: -0.8).
 */
export const zoneMatchup: PredictionSystem = {
  id: "zone_matchup",
  version: "zone_matchup_v2",
  predict(input: PredictionInput): SystemResult {
    const sea = input.stat.avgSeason;
    if (sea === null) return { status: "skipped", reason: `no ${input.market} history this season before the game` };
    const missing = firstMissing(input.features, REQUIRED);
    if (missing) return { status: "skipped", reason: `missing feature ${missing}` };
    const f = input.features as Record<(typeof REQUIRED)[number], number>;
    const zone = ZONES.reduce(
      (sum, [z, m]) => sum + clamp((f.opponent_def_rating - 110) * 0.3 * m, -3, 3) * usageWeight(f[z]),
      0,
    );
    const venue = f.home_away === 1 ? 0.8 : -0.8;
    const fatigue = f.fatigue_score < 30 ? -1.5 : f.fatigue_score < 50 ? -0.8 : 0;
    const predicted = clampPrediction(
      input.market,
      sea + MARKET_SCALE[input.market] * (zone + 0.4 * f.pace_score + venue + fatigue),
    );
    const confidence = ruleBasedConfidence(input);
    return {
      status: "predicted",
      predicted,
      confidence,
      recommendation: ruleBasedRecommendation(input.market, predicted, input.line, confidence),
    };
  },
};
