import { clamp, clampPrediction, MARKET_SCALE, signedEdge } from "../market-scale.ts";
import type { HistoricalGame, PredictionInput, PredictionSystem, SystemResult } from "../types.ts";

const MIN_SCORE = 70;
const MAX_MATCHES = 20;
const MIN_MATCHES = 5;

const tier = (opp: number | null) => ((opp ?? 112) < 110 ? 0 : (opp ?? 112) < 115 ? 1 : 2);
const restBucket = (days: number | null) => (days === null ? 3 : days <= 0 ? 0 : days === 1 ? 1 : days === 2 ? 2 : 3);
const form = (d: number | null) => (d === null ? "normal" : d >= 3 ? "hot" : d <= -3 ? "cold" : "normal");
const closeness = (a: number, b: number, same: number, adjacent: number) =>
  a === b ? same : Math.abs(a - b) === 1 ? adjacent : 0;

/**
 * Similarity (spec §3.3): the player's own earlier games (before D, within 90 days) scored 0-100 on opponent
 * tier, rest, venue and form; games scoring ≥ 70 (best 20, newest first on ties) give a similarity-weighted
 * mean of the market's actual values, plus the reference's adjustments (scaled by market). Fewer than 5
 * matches → skipped. Confidence 0-100 from match count, mean score and spread; bet when confidence ≥ 65 and
 * the signed edge reaches 2.0 (scaled by market).
 */
export const similarity: PredictionSystem = {
  id: "similarity",
  version: "similarity_v2",
  predict(input: PredictionInput): SystemResult {
    const f = input.features;
    const current = {
      tier: tier(f.opponent_def_rating),
      rest: restBucket(input.daysRest),
      home: f.home_away === 1,
      form: form(
        f.points_avg_last_5 !== null && f.points_avg_season !== null ? f.points_avg_last_5 - f.points_avg_season : null,
      ),
    };
    const score = (g: HistoricalGame) =>
      closeness(tier(g.opponentDefRating), current.tier, 40, 20) +
      closeness(restBucket(g.daysRest), current.rest, 30, 15) +
      (g.isHome === current.home ? 15 : 0) +
      (form(g.formDelta) === current.form ? 15 : 5);
    const matches = input.history
      .filter((g) => g.gameDate < input.gameDate)
      .map((g) => ({ g, s: score(g) }))
      .filter((m) => m.s >= MIN_SCORE)
      .sort((a, b) => b.s - a.s || b.g.gameDate.localeCompare(a.g.gameDate))
      .slice(0, MAX_MATCHES);
    if (matches.length < MIN_MATCHES)
      return {
        status: "skipped",
        reason: `only ${matches.length} similar games before the game (need ${MIN_MATCHES})`,
      };

    const weight = matches.reduce((t, m) => t + m.s / 100, 0);
    const baseline = matches.reduce((t, m) => t + (m.g.actual * m.s) / 100, 0) / weight;
    const scale = MARKET_SCALE[input.market];
    const adjustments =
      ((f.fatigue_score ?? 70) - 70) * 0.015 +
      0.4 * (f.shot_zone_mismatch_score ?? 0) +
      0.8 * (f.pace_score ?? 0) +
      0.8 * (f.usage_spike_score ?? 0) +
      (current.home ? 0.8 : -0.5);
    const predicted = clampPrediction(input.market, baseline + scale * adjustments);

    const n = matches.length;
    const meanScore = matches.reduce((t, m) => t + m.s, 0) / n;
    const mean = matches.reduce((t, m) => t + m.g.actual, 0) / n;
    const std = Math.sqrt(matches.reduce((t, m) => t + (m.g.actual - mean) ** 2, 0) / n);
    let c = 50;
    c += n >= 15 ? 20 : n >= 10 ? 15 : n >= 7 ? 10 : -15;
    c += meanScore >= 85 ? 20 : meanScore >= 75 ? 15 : 10;
    c += std < 4 * scale ? 15 : std < 6 * scale ? 8 : std < 8 * scale ? 3 : -5;
    const confidence = clamp(c, 0, 100);

    let recommendation: "OVER" | "UNDER" | "PASS" = "PASS";
    if (input.line !== null && confidence >= 65) {
      const e = signedEdge(predicted, input.line);
      if (e >= 2 * scale) recommendation = "OVER";
      else if (e <= -2 * scale) recommendation = "UNDER";
    }
    return { status: "predicted", predicted, confidence, recommendation };
  },
};
