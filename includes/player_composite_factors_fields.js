/**
 * data_hash fields of nba_precompute.player_composite_factors, as [column, type]: the reference's HASH_FIELDS
 * (phase4-precompute.md §7.10) this model produces, in order, then the columns it adds.
 */
const HASH_FIELDS = [
  ["player_lookup", "STRING"],
  ["player_id", "STRING"],
  ["game_date", "DATE"],
  ["game_id", "STRING"],
  ["analysis_date", "DATE"],
  ["fatigue_score", "INT64"],
  ["shot_zone_mismatch_score", "FLOAT64"],
  ["pace_score", "FLOAT64"],
  ["usage_spike_score", "FLOAT64"],
  ["referee_favorability_score", "FLOAT64"],
  ["look_ahead_pressure_score", "FLOAT64"],
  ["travel_impact_score", "FLOAT64"],
  ["opponent_strength_score", "FLOAT64"],
  ["total_composite_adjustment", "FLOAT64"],
  ["calculation_version", "STRING"],
  ["data_completeness_pct", "FLOAT64"],
  ["missing_data_fields", "STRING"],
  ["has_warnings", "BOOL"],
  ["warning_details", "STRING"],
  // added by this model
  ["season", "STRING"],
  ["team_abbr", "STRING"],
  ["opponent_team_abbr", "STRING"],
  ["player_primary_zone", "STRING"],
  ["opponent_zone_vs_league", "FLOAT64"],
  ["team_pace_last_10", "FLOAT64"],
  ["opponent_pace_last_10", "FLOAT64"],
  ["pace_differential", "FLOAT64"],
  ["projected_usage_rate", "FLOAT64"],
  ["avg_usage_rate_last_7_games", "FLOAT64"],
  ["upstream_player_shot_ready", "BOOL"],
  ["upstream_team_defense_ready", "BOOL"],
  ["all_upstreams_ready", "BOOL"],
  ["is_production_ready", "BOOL"],
  ["latest_game_date", "DATE"],
];

module.exports = { HASH_FIELDS };
