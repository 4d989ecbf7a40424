/**
 * data_hash fields of nba_precompute.player_shot_zone_analysis, as [column, type]: the reference's HASH_FIELDS
 * (phase4-precompute.md §4.5) this model produces, in order, then the columns it adds. assisted/unassisted rates,
 * player_position and calculation_notes are not produced (docs/data-model/player_shot_zone_analysis.md).
 */
const HASH_FIELDS = [
  ["player_lookup", "STRING"],
  ["player_id", "STRING"],
  ["analysis_date", "DATE"],
  ["paint_rate_last_10", "FLOAT64"],
  ["mid_range_rate_last_10", "FLOAT64"],
  ["three_pt_rate_last_10", "FLOAT64"],
  ["total_shots_last_10", "INT64"],
  ["games_in_sample_10", "INT64"],
  ["sample_quality_10", "STRING"],
  ["paint_pct_last_10", "FLOAT64"],
  ["mid_range_pct_last_10", "FLOAT64"],
  ["three_pt_pct_last_10", "FLOAT64"],
  ["paint_attempts_per_game", "FLOAT64"],
  ["mid_range_attempts_per_game", "FLOAT64"],
  ["three_pt_attempts_per_game", "FLOAT64"],
  ["paint_rate_last_20", "FLOAT64"],
  ["paint_pct_last_20", "FLOAT64"],
  ["games_in_sample_20", "INT64"],
  ["sample_quality_20", "STRING"],
  ["primary_scoring_zone", "STRING"],
  ["data_quality_tier", "STRING"],
  // added by this model
  ["game_id", "STRING"],
  ["season", "STRING"],
  ["zone_games_in_sample_10", "INT64"],
  ["window_first_game_date", "DATE"],
  ["latest_game_date", "DATE"],
  ["is_production_ready", "BOOL"],
];

module.exports = { HASH_FIELDS };
