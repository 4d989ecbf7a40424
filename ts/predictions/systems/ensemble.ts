import { clamp, clampPrediction, MARKET_SCALE, signedEdge } from "../market-scale.ts";
import type { PredictionInput, PredictionSystem, SystemResult } from "../types.ts";

/**
 * Ensemble (spec §3.5): confidence-weighted mean of the base systems that predicted (at least 2), confidence =
 * their mean confidence adjusted by their spread (population std; bands scaled by market) and +5 when all of them
 * predicted, clamped to [20, 95]. Bet when confidence ≥ 65 and |edge| ≥ 1.5 (scaled): the majority of the
 * components' calls, else the side of the prediction. The base systems are pure, so running them here gives the
 * same numbers as their own rows (the reference re-ran a random mock [Q]).
 */
export function ensemble(bases: PredictionSystem[]): PredictionSystem {
  return {
    id: "ensemble",
    version: "ensemble_v2",
    predict(input: PredictionInput): SystemResult {
      const parts = bases.map((b) => b.predict(input)).flatMap((r) => (r.status === "predicted" ? [r] : []));
      if (parts.length < 2)
        return { status: "skipped", reason: `only ${parts.length} base system(s) predicted (need 2)` };
      const scale = MARKET_SCALE[input.market];
      const weight = parts.reduce((t, p) => t + p.confidence, 0);
      const predicted = clampPrediction(
        input.market,
        weight === 0 ? 0 : parts.reduce((t, p) => t + p.predicted * p.confidence, 0) / weight,
      );
      const mean = parts.reduce((t, p) => t + p.predicted, 0) / parts.length;
      const spread = Math.sqrt(parts.reduce((t, p) => t + (p.predicted - mean) ** 2, 0) / parts.length);
      let c = parts.reduce((t, p) => t + p.confidence, 0) / parts.length;
      c += spread < 2 * scale ? 10 : spread < 3 * scale ? 5 : spread < 6 * scale ? -5 : -10;
      if (parts.length === bases.length) c += 5;
      const confidence = clamp(c, 20, 95);

      let recommendation: "OVER" | "UNDER" | "PASS" = "PASS";
      if (input.line !== null && confidence >= 65 && Math.abs(signedEdge(predicted, input.line)) >= 1.5 * scale) {
        const overs = parts.filter((p) => p.recommendation === "OVER").length;
        const unders = parts.filter((p) => p.recommendation === "UNDER").length;
        recommendation =
          overs > parts.length / 2
            ? "OVER"
            : unders > parts.length / 2
              ? "UNDER"
              : predicted > input.line
                ? "OVER"
                : "UNDER";
      }
      return { status: "predicted", predicted, confidence, recommendation };
    },
  };
}
