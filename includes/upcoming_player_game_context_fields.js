/**
 * data_hash fields of nba_analytics.upcoming_player_game_context, in order: the spec's UPGC HASH_FIELDS (§7.11) that
 * this model produces, under this model's column names, then the columns this model adds. Dropped spec fields and
 * the renames are listed in docs/data-model/upcoming_player_game_context.md.
 */
const HASH_FIELDS = [
  // spec §7.11 order
  ["player_lookup", "STRING"],
  ["game_id", "STRING"],
  ["game_date", "DATE"],
  ["team_abbr", "STRING"],
  ["opponent_team_abbr", "STRING"],
  ["has_prop_line", "BOOL"],
  ["points_line", "FLOAT64"], // spec current_points_line (DFS pick'em points line)
  ["opening_points_line", "FLOAT64"],
  ["game_spread", "FLOAT64"],
  ["game_total", "FLOAT64"],
  ["is_home", "BOOL"], // spec home_game
  ["is_back_to_back", "BOOL"], // spec back_to_back
  ["days_rest", "INT64"],
  ["days_rest_before_last_game", "INT64"],
  ["games_in_last_7_days", "INT64"],
  ["games_in_last_14_days", "INT64"],
  ["minutes_in_last_7_days", "INT64"],
  ["minutes_in_last_14_days", "INT64"],
  ["avg_minutes_per_game_last_7", "FLOAT64"],
  ["back_to_backs_last_14_days", "INT64"],
  ["points_avg_last_5", "FLOAT64"],
  ["points_avg_last_10", "FLOAT64"],
  ["opponent_days_rest", "INT64"],
  ["injury_status", "STRING"], // spec player_status
  // added by this model
  ["player_id", "STRING"],
  ["game_key", "STRING"],
  ["season", "STRING"],
  ["injury_status_date", "DATE"],
  ["last_game_date", "DATE"],
  ["season_games_played", "INT64"],
  ["points_avg_season", "FLOAT64"],
  ["points_std_last_10", "FLOAT64"],
  ["minutes_avg_last_10", "FLOAT64"],
  ["points_line_bookmaker_count", "INT64"],
  ["points_line_slate_date", "DATE"],
];

module.exports = { HASH_FIELDS };
