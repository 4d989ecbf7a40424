import type { FeatureName } from "./feature-store.ts";

/** The four prop markets we hold real lines for. */
export const MARKETS = ["points", "rebounds", "assists", "pra"] as const;
export type Market = (typeof MARKETS)[number];

export type Recommendation = "OVER" | "UNDER" | "PASS";

/** A market's own history of the player, strictly before the game date (same season). */
export interface MarketHistory {
  avgLast5: number | null;
  avgLast10: number | null;
  avgSeason: number | null;
  stdLast10: number | null;
}

/** One earlier game of the same player (game date < D), with its pre-game context and the market's actual value. */
export interface HistoricalGame {
  gameDate: string;
  opponentDefRating: number | null;
  daysRest: number | null;
  isHome: boolean;
  /** points_avg_last_5 - points_avg_season entering that game (the spec's "recent form"). */
  formDelta: number | null;
  actual: number;
}

/** Everything a system may read for one (player, game, market). Nothing in it is dated on or after the game date. */
export interface PredictionInput {
  market: Market;
  gameDate: string;
  features: Record<FeatureName, number | null>;
  featureQualityScore: number | null;
  /** Full days off before the game (0 = back-to-back), from the feature row. */
  daysRest: number | null;
  stat: MarketHistory;
  /** The consensus line known before tip-off, or null (then the recommendation is always PASS). */
  line: number | null;
  history: HistoricalGame[];
}

export type SystemResult =
  | {
      status: "predicted";
      predicted: number;
      confidence: number;
      recommendation: Recommendation;
      modelVersion?: string;
    }
  | { status: "skipped"; reason: string };

/** Every prediction system has this shape: one pure, deterministic function of its input. */
export interface PredictionSystem {
  readonly id: string;
  readonly version: string;
  predict(input: PredictionInput): SystemResult;
}
