import { FEATURE_NAMES, type FeatureName } from "./feature-store.ts";
import { type HistoricalGame, MARKETS, type Market, type MarketHistory } from "./types.ts";

/** One row of the coordinator's batch query, typed. */
export interface BatchRow {
  gameId: string;
  gameDate: string;
  playerLookup: string;
  playerId: string | null;
  playerName: string | null;
  isTarget: boolean;
  hasFeatureRow: boolean;
  isProductionReady: boolean;
  dataHash: string | null;
  featureQualityScore: number | null;
  daysRest: number | null;
  features: Record<FeatureName, number | null>;
  stat: Record<Market, MarketHistory>;
  actual: Record<Market, number | null>;
  line: Record<Market, { value: number; source: string } | null>;
}

const num = (v: unknown): number | null => (v === null || v === undefined || v === "" ? null : Number(v));

export function toBatchRow(r: Record<string, unknown>): BatchRow {
  const actualPoints = num(r.actual_points);
  const actualRebounds = num(r.actual_rebounds);
  const actualAssists = num(r.actual_assists);
  const stat = {} as Record<Market, MarketHistory>;
  const line = {} as Record<Market, { value: number; source: string } | null>;
  for (const m of MARKETS) {
    stat[m] = {
      avgLast5: num(r[`history_${m}_avg_last_5`]),
      avgLast10: num(r[`history_${m}_avg_last_10`]),
      avgSeason: num(r[`history_${m}_avg_season`]),
      stdLast10: num(r[`history_${m}_std_last_10`]),
    };
    const value = num(r[`${m}_line`]);
    line[m] = value === null ? null : { value, source: String(r[`${m}_line_source`]) };
  }
  return {
    gameId: String(r.game_id),
    gameDate: String(r.game_date).slice(0, 10),
    playerLookup: String(r.player_lookup),
    playerId: r.player_id === null || r.player_id === undefined ? null : String(r.player_id),
    playerName: (r.player_name as string | null) ?? null,
    isTarget: r.is_target === true,
    hasFeatureRow: r.has_feature_row === true,
    isProductionReady: r.is_production_ready === true,
    dataHash: (r.data_hash as string | null) ?? null,
    featureQualityScore: num(r.feature_quality_score),
    daysRest: num(r.days_rest),
    features: Object.fromEntries(FEATURE_NAMES.map((f) => [f, num(r[f])])) as Record<FeatureName, number | null>,
    stat,
    actual: {
      points: actualPoints,
      rebounds: actualRebounds,
      assists: actualAssists,
      pra:
        actualPoints === null || actualRebounds === null || actualAssists === null
          ? null
          : actualPoints + actualRebounds + actualAssists,
    },
    line,
  };
}

/** A player's earlier games with feature rows and results, newest first, for one market. */
export function historyOf(rows: BatchRow[], market: Market): HistoricalGame[] {
  return rows
    .filter((r) => r.hasFeatureRow && r.actual[market] !== null)
    .map((r) => ({
      gameDate: r.gameDate,
      opponentDefRating: r.features.opponent_def_rating,
      daysRest: r.daysRest,
      isHome: r.features.home_away === 1,
      formDelta:
        r.features.points_avg_last_5 !== null && r.features.points_avg_season !== null
          ? r.features.points_avg_last_5 - r.features.points_avg_season
          : null,
      actual: r.actual[market]!,
    }));
}
