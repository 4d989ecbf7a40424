import type { Market } from "./types.ts";

/**
 * The reference systems were written for points only. Their additive adjustments, edge thresholds and volatility
 * bands are in points; for the other markets they are multiplied by the market's typical size relative to points
 * (league-wide per-player means: rebounds and assists about half of points, PRA about 1.7x; rounded to simple
 * fractions so the hand-computed tests stay readable).
 */
export const MARKET_SCALE: Record<Market, number> = { points: 1, rebounds: 0.5, assists: 0.5, pra: 1.5 };

/** Upper clamp of a prediction per market (the reference clamps points to [0, 60]). */
export const MARKET_MAX: Record<Market, number> = { points: 60, rebounds: 30, assists: 30, pra: 90 };

export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

export function clampPrediction(market: Market, x: number): number {
  return clamp(x, 0, MARKET_MAX[market]);
}

/** Rounds half away from zero to `dp` decimals (stored values are rounded once, here). */
export function round(x: number, dp: number): number {
  const f = 10 ** dp;
  return (Math.sign(x) * Math.round(Math.abs(x) * f + 1e-9)) / f;
}

/** predicted - line, rounded to 6 decimals so a tie at a threshold is a tie (20.2 - 18.2 is not 2 in floating point). */
export function signedEdge(predicted: number, line: number): number {
  return round(predicted - line, 6);
}
