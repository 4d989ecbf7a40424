import { FEATURE_NAMES, type FeatureName } from "../../ts/predictions/feature-store.ts";
import type { ModelArtefact } from "../../ts/predictions/model/artefact.ts";
import type { Market, PredictionInput } from "../../ts/predictions/types.ts";

/** A hand-built feature row: every value chosen so the expected predictions can be worked out on paper. */
export const FEATURES: Record<FeatureName, number | null> = {
  ...(Object.fromEntries(FEATURE_NAMES.map((f) => [f, 0])) as Record<FeatureName, number>),
  points_avg_last_5: 20,
  points_avg_last_10: 18,
  points_avg_season: 16,
  points_std_last_10: 5,
  games_in_last_7_days: 3,
  fatigue_score: 80,
  shot_zone_mismatch_score: 1,
  pace_score: 2,
  usage_spike_score: 0.5,
  opponent_def_rating: 115,
  opponent_pace: 100,
  home_away: 1,
  back_to_back: 0,
  pct_paint: 0.45,
  pct_mid_range: 0.25,
  pct_three: 0.1,
  pct_free_throw: 0.2,
  team_pace: 100,
  team_off_rating: 112,
  team_win_pct: 0.5,
};

export function input(
  overrides: Partial<PredictionInput> = {},
  features: Partial<Record<FeatureName, number | null>> = {},
): PredictionInput {
  return {
    market: "points" as Market,
    gameDate: "2024-11-20",
    features: { ...FEATURES, ...features },
    featureQualityScore: 90,
    daysRest: 1,
    stat: { avgLast5: 20, avgLast10: 18, avgSeason: 16, stdLast10: 5 },
    line: 18,
    history: [],
    ...overrides,
  };
}

/** A one-split model: line < 20 → -1, else +1, missing line → +0.5; base 20. */
export function tinyModel(market: Market = "points", cutoff = "2024-11-01"): ModelArtefact {
  return {
    model_version: `xgb_${market}_${cutoff}_test`,
    market,
    feature_version: "v1_baseline_25",
    input_names: ["line", "points_avg_last_5"],
    training_window: { first_game_date: "2024-10-22", last_game_date: "2024-10-31", cutoff, rows: 10 },
    library: { name: "xgboost", version: "1.7.4" },
    seed: 42,
    params: {},
    base_score: 20,
    trees: [
      {
        nodeid: 0,
        split: "line",
        split_condition: 20,
        yes: 1,
        no: 2,
        missing: 3,
        children: [
          { nodeid: 1, leaf: -1 },
          { nodeid: 2, leaf: 1 },
          { nodeid: 3, leaf: 0.5 },
        ],
      },
    ],
  };
}
