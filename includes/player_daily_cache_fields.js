/**
 * data_hash fields of nba_precompute.player_daily_cache, as [column, type]: the reference's HASH_FIELDS
 * (phase4-precompute.md §6.3) this model produces, in order, then the columns it adds. assisted_rate_last_10,
 * player_age, fourth_quarter_minutes_last_7 and cache_quality_score are not produced
 * (docs/data-model/player_daily_cache.md).
 */
const HASH_FIELDS = [
  ["player_lookup", "STRING"],
  ["player_id", "STRING"],
  ["cache_date", "DATE"],
  ["points_avg_last_5", "FLOAT64"],
  ["points_avg_last_10", "FLOAT64"],
  ["points_avg_season", "FLOAT64"],
  ["points_std_last_10", "FLOAT64"],
  ["minutes_avg_last_10", "FLOAT64"],
  ["usage_rate_last_10", "FLOAT64"],
  ["ts_pct_last_10", "FLOAT64"],
  ["games_played_season", "INT64"],
  ["team_pace_last_10", "FLOAT64"],
  ["team_off_rating_last_10", "FLOAT64"],
  ["player_usage_rate_season", "FLOAT64"],
  ["games_in_last_7_days", "INT64"],
  ["games_in_last_14_days", "INT64"],
  ["minutes_in_last_7_days", "INT64"],
  ["minutes_in_last_14_days", "INT64"],
  ["back_to_backs_last_14_days", "INT64"],
  ["avg_minutes_per_game_last_7", "FLOAT64"],
  ["primary_scoring_zone", "STRING"],
  ["paint_rate_last_10", "FLOAT64"],
  ["three_pt_rate_last_10", "FLOAT64"],
  ["cache_version", "STRING"],
  // added by this model
  ["game_id", "STRING"],
  ["season", "STRING"],
  ["team_abbr", "STRING"],
  ["team_games_in_sample", "INT64"],
  ["early_season_flag", "BOOL"],
  ["insufficient_data_reason", "STRING"],
  ["latest_game_date", "DATE"],
  ["team_latest_game_date", "DATE"],
  ["is_production_ready", "BOOL"],
];

module.exports = { HASH_FIELDS };
