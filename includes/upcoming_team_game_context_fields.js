/**
 * data_hash fields of nba_analytics.upcoming_team_game_context, in order: the spec's UTGC HASH_FIELDS (§8.5) that
 * this model produces, under this model's column names, then the columns this model adds. Dropped spec fields and
 * the renames are listed in docs/data-model/upcoming_team_game_context.md.
 */
const HASH_FIELDS = [
  // spec §8.5 order
  ["team_abbr", "STRING"],
  ["game_id", "STRING"],
  ["game_date", "DATE"],
  ["season", "STRING"], // spec season_year
  ["opponent_team_abbr", "STRING"],
  ["is_home", "BOOL"], // spec home_game
  ["is_back_to_back", "BOOL"], // spec is_back_to_back / team_back_to_back
  ["game_number_in_season", "INT64"],
  ["days_rest", "INT64"], // spec team_days_rest
  ["games_in_last_7_days", "INT64"],
  ["games_in_last_14_days", "INT64"],
  ["game_spread", "FLOAT64"],
  ["game_total", "FLOAT64"],
  ["injured_out_count", "INT64"], // spec starters_out_count
  ["day_to_day_count", "INT64"], // spec questionable_players_count
  ["win_streak_entering", "INT64"], // spec team_win_streak_entering
  ["loss_streak_entering", "INT64"], // spec team_loss_streak_entering
  ["last_game_margin", "INT64"],
  ["last_game_result", "STRING"],
  // added by this model
  ["game_key", "STRING"],
  ["game_type", "STRING"],
  ["neutral_site", "BOOL"],
  ["last_game_date", "DATE"],
  ["opponent_days_rest", "INT64"],
  ["rest_advantage", "INT64"],
  ["season_wins", "INT64"],
  ["season_losses", "INT64"],
  ["last_10_wins", "INT64"],
  ["last_10_losses", "INT64"],
  ["team_moneyline", "INT64"],
  ["latest_injury_move_date", "DATE"],
];

module.exports = { HASH_FIELDS };
