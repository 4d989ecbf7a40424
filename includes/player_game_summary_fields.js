/**
 * data_hash fields of nba_analytics.player_game_summary, as [column, type].
 *
 * The first part is the reference's PGS HASH_FIELDS (phase3-analytics.md §4.5) in its order, restricted to the
 * columns this model produces (universal_player_id → player_id, player_full_name → player_name). The spec fields
 * this model does not produce are listed with the reason in docs/data-model/player_game_summary.md. The second
 * part appends the output columns the reference did not have, so every value of the row is covered.
 */
const SPEC_FIELDS = [
  ["player_lookup", "STRING"],
  ["player_id", "STRING"],
  ["player_name", "STRING"],
  ["game_id", "STRING"],
  ["game_date", "DATE"],
  ["team_abbr", "STRING"],
  ["opponent_team_abbr", "STRING"],
  ["season_year", "INT64"],
  ["points", "INT64"],
  ["minutes_played", "INT64"],
  ["assists", "INT64"],
  ["offensive_rebounds", "INT64"],
  ["defensive_rebounds", "INT64"],
  ["steals", "INT64"],
  ["blocks", "INT64"],
  ["turnovers", "INT64"],
  ["fg_attempts", "INT64"],
  ["fg_makes", "INT64"],
  ["three_pt_attempts", "INT64"],
  ["three_pt_makes", "INT64"],
  ["ft_attempts", "INT64"],
  ["ft_makes", "INT64"],
  ["plus_minus", "INT64"],
  ["personal_fouls", "INT64"],
  ["paint_attempts", "INT64"],
  ["paint_makes", "INT64"],
  ["mid_range_attempts", "INT64"],
  ["mid_range_makes", "INT64"],
  ["usage_rate", "FLOAT64"],
  ["ts_pct", "FLOAT64"],
  ["efg_pct", "FLOAT64"],
  ["win_flag", "BOOL"],
];

const ADDED_FIELDS = [
  ["game_key", "STRING"],
  ["season", "STRING"],
  ["game_type", "STRING"],
  ["home_game", "BOOL"],
  ["overtime_periods", "INT64"],
  ["total_rebounds", "INT64"],
  ["team_points", "INT64"],
  ["opponent_points", "INT64"],
];

const HASH_FIELDS = [...SPEC_FIELDS, ...ADDED_FIELDS];

module.exports = { HASH_FIELDS, SPEC_FIELDS, ADDED_FIELDS };
