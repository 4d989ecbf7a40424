/**
 * The one place that names phase 4's feature table and its columns (/work contract "ml_feature_store"): the
 * coordinator's batch query, the trainer and the tests all read these names. When phase 4's table lands under a
 * different name or version, this file is the only change.
 */
export const FEATURE_TABLE = { schema: "nba_predictions", name: "ml_feature_store" } as const;
export const FEATURE_VERSION = "v1_baseline_25";

/** The 25 features, by name and in the stored order (spec phase 4 §8.3, bugs fixed by phase 4). */
export const FEATURE_NAMES = [
  "points_avg_last_5",
  "points_avg_last_10",
  "points_avg_season",
  "points_std_last_10",
  "games_in_last_7_days",
  "fatigue_score",
  "shot_zone_mismatch_score",
  "pace_score",
  "usage_spike_score",
  "rest_advantage",
  "injury_risk",
  "recent_trend",
  "minutes_change",
  "opponent_def_rating",
  "opponent_pace",
  "home_away",
  "back_to_back",
  "playoff_game",
  "pct_paint",
  "pct_mid_range",
  "pct_three",
  "pct_free_throw",
  "team_pace",
  "team_off_rating",
  "team_win_pct",
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Identity and quality columns of a feature row the predictions side reads (besides the 25 features). */
export const FEATURE_ROW_COLUMNS = [
  "player_lookup",
  "player_id",
  "player_name",
  "game_id",
  "game_date",
  "season",
  "team_abbr",
  "opponent_team_abbr",
  "is_home",
  "days_rest",
  "feature_version",
  "feature_quality_score",
  "quality_tier",
  "is_production_ready",
  "data_hash",
] as const;
