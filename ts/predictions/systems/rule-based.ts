import { clamp, MARKET_SCALE, signedEdge } from "../market-scale.ts";
import type { Market, PredictionInput, Recommendation } from "../types.ts";

/**
 * The reference's rule-based confidence (0-100 here; the reference used 0-1): base 50, volatility of the market's
 * last 10 games (bands scaled by market), games in the last 7 days, clamped to [20, 80].
 */
export function ruleBasedConfidence(input: PredictionInput): number {
  const s = MARKET_SCALE[input.market];
  const std = input.stat.stdLast10;
  const g7 = input.features.games_in_last_7_days;
  let c = 50;
  if (std !== null && std > 6 * s) c -= 15;
  else if (std !== null && std > 4 * s) c -= 8;
  if (g7 !== null && g7 >= 3) c += 10;
  else if (g7 === 2) c += 5;
  else c -= 10;
  return clamp(c, 20, 80);
}

/**
 * The reference's rule-based recommendation: no line → PASS; a bet needs an edge strictly above the threshold
 * (2.0 points, scaled by market) and confidence strictly above 45; a tie at either threshold is PASS.
 */
export function ruleBasedRecommendation(
  market: Market,
  predicted: number,
  line: number | null,
  confidence: number,
): Recommendation {
  if (line === null) return "PASS";
  const edge = Math.abs(signedEdge(predicted, line));
  if (edge <= 2 * MARKET_SCALE[market] || confidence <= 45) return "PASS";
  return predicted > line ? "OVER" : "UNDER";
}

/** The first of `names` whose value is null, for a clear skip reason. */
export function firstMissing(values: Record<string, number | null>, names: readonly string[]): string | null {
  for (const n of names) if (values[n] === null || values[n] === undefined || Number.isNaN(values[n])) return n;
  return null;
}
