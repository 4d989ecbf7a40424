/**
 * data_hash fields of nba_precompute.team_defense_zone_analysis, as [column, type]: the reference's HASH_FIELDS
 * (phase4-precompute.md §5.5) that this model produces, in order, then the columns it adds. The zone block
 * counts (paint/mid/three blocks) are not produced (docs/data-model/team_defense_zone_analysis.md).
 */
const HASH_FIELDS = [
  ["team_abbr", "STRING"],
  ["analysis_date", "DATE"],
  ["paint_pct_allowed_last_15", "FLOAT64"],
  ["paint_attempts_allowed_per_game", "FLOAT64"],
  ["paint_points_allowed_per_game", "FLOAT64"],
  ["paint_defense_vs_league_avg", "FLOAT64"],
  ["mid_range_pct_allowed_last_15", "FLOAT64"],
  ["mid_range_attempts_allowed_per_game", "FLOAT64"],
  ["mid_range_defense_vs_league_avg", "FLOAT64"],
  ["three_pt_pct_allowed_last_15", "FLOAT64"],
  ["three_pt_attempts_allowed_per_game", "FLOAT64"],
  ["three_pt_defense_vs_league_avg", "FLOAT64"],
  ["defensive_rating_last_15", "FLOAT64"],
  ["opponent_points_per_game", "FLOAT64"],
  ["opponent_pace", "FLOAT64"],
  ["games_in_sample", "INT64"],
  ["strongest_zone", "STRING"],
  ["weakest_zone", "STRING"],
  ["data_quality_tier", "STRING"],
  ["calculation_notes", "STRING"],
  // added by this model
  ["game_id", "STRING"],
  ["season", "STRING"],
  ["blocks_per_game", "FLOAT64"],
  ["zone_games_in_sample", "INT64"],
  ["league_paint_pct", "FLOAT64"],
  ["league_mid_range_pct", "FLOAT64"],
  ["league_three_pt_pct", "FLOAT64"],
  ["league_teams_in_sample", "INT64"],
  ["window_first_game_date", "DATE"],
  ["latest_game_date", "DATE"],
  ["is_production_ready", "BOOL"],
];

module.exports = { HASH_FIELDS };
