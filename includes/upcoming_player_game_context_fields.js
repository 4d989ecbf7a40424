/**
 * Columns of nba_analytics.upcoming_player_game_context, in order: the spec's UPGC HASH_FIELDS (§7.11) that
 * this model produces, under this model's column names, then the columns this model adds. Dropped spec fields and
 * the renames are listed in docs/data-model/upcoming_player_game_context.md.
 */
const { column, dataHashColumn, defineColumns } = require("./columns.js");

// Hashed columns first, in hash order (never reorder: the order is part of every stored hash).
module.exports = defineColumns([
  column("player_lookup", "STRING", "Normalised player name from player_dim (the one player key rule)."),
  column("game_id", "STRING", "NBA game id (game_dim)."),
  column("game_date", "DATE", "Game date D (US date)."),
  column("team_abbr", "STRING", "The player's team for this game: his latest known team before D, playing on D."),
  column("opponent_team_abbr", "STRING", "The other team of the game."),
  column("has_prop_line", "BOOL", "TRUE when points_line is known before the game."),
  column(
    "points_line",
    "FLOAT64",
    "Player points line from DFS pick'em operators (PrizePicks/Underdog, 2024-10-22 .. 2024-12-15 slates only): mean over operators of each operator's line on its latest slate dated before D; rounded to 2 decimals.",
  ),
  column("opening_points_line", "FLOAT64", "The same from each operator's earliest slate dated before D."),
  column(
    "game_spread",
    "FLOAT64",
    "Pre-game point spread from the player's team's side, negative when favoured (upcoming_team_game_context, from nba_raw.game_lines).",
  ),
  column("game_total", "FLOAT64", "Pre-game total points line of the game (upcoming_team_game_context)."),
  column("home_game", "BOOL", "TRUE when team_abbr is the home team in game_dim."),
  column("is_back_to_back", "BOOL", "days_rest = 0 (FALSE when days_rest is NULL)."),
  column(
    "days_rest",
    "INT64",
    "Full days off since the player's last appearance of the season: DATE_DIFF(D, last_game_date) - 1, so a back-to-back is 0; NULL when none.",
  ),
  column(
    "days_rest_before_last_game",
    "INT64",
    "Full days off between the player's last two appearances of the season before D; NULL with fewer than two.",
  ),
  column(
    "games_in_last_7_days",
    "INT64",
    "Box-score appearances dated D-7 .. D-1 (7 calendar days; 0-minute appearances count).",
  ),
  column("games_in_last_14_days", "INT64", "Box-score appearances dated D-14 .. D-1."),
  column("minutes_in_last_7_days", "INT64", "Sum of (whole) minutes over the 7-day appearances."),
  column("minutes_in_last_14_days", "INT64", "Sum of minutes over the 14-day appearances."),
  column(
    "avg_minutes_per_game_last_7",
    "FLOAT64",
    "minutes_in_last_7_days / games_in_last_7_days, rounded to 3 decimals; NULL when no game.",
  ),
  column(
    "back_to_backs_last_14_days",
    "INT64",
    "Appearances dated D-14 .. D-1 whose previous appearance was the day before (also within D-14 .. D-1).",
  ),
  column(
    "points_avg_last_5",
    "FLOAT64",
    "Mean points over the player's last (up to) 5 appearances of the season before D, rounded to 3 decimals; NULL when none.",
  ),
  column(
    "points_avg_last_10",
    "FLOAT64",
    "Mean points over the last (up to) 10 appearances of the season before D, rounded to 3 decimals; NULL when none.",
  ),
  column("opponent_days_rest", "INT64", "The opponent team's days_rest (upcoming_team_game_context)."),
  column(
    "injury_status",
    "STRING",
    "Availability as of D from the last fact dated before D (injured-list move or box-score appearance, same season): 'available' or 'day_to_day' (a placement noted '(DTD)'). Players whose status is 'out' are not in the table.",
  ),
  column("player_id", "STRING", "NBA person id (the player key)."),
  column("game_key", "STRING", "Readable game key YYYYMMDD_AWAY_HOME (game_dim)."),
  column("season", "STRING", "Season label, e.g. 2023-24."),
  column(
    "injury_status_date",
    "DATE",
    "Date of the fact injury_status comes from (a move or an appearance). Point-in-time audit: always < game_date.",
  ),
  column(
    "last_game_date",
    "DATE",
    "The player's latest box-score appearance of the same season before D; NULL when none. Point-in-time audit: always < game_date.",
  ),
  column("season_games_played", "INT64", "Box-score appearances of the same season before D."),
  column(
    "points_avg_season",
    "FLOAT64",
    "Mean points over all appearances of the season before D, rounded to 3 decimals; NULL when none.",
  ),
  column(
    "points_std_last_10",
    "FLOAT64",
    "Sample standard deviation of points over the last (up to) 10 appearances of the season before D, rounded to 3 decimals; NULL with fewer than 2.",
  ),
  column(
    "minutes_avg_last_10",
    "FLOAT64",
    "Mean minutes over the last (up to) 10 appearances of the season before D, rounded to 3 decimals; NULL when none.",
  ),
  column(
    "points_line_bookmaker_count",
    "INT64",
    "DFS operators with a points line for the player before D (0 when none).",
  ),
  column(
    "points_line_slate_date",
    "DATE",
    "Latest DFS slate date used; NULL when none. Point-in-time audit: always < game_date.",
  ),
  dataHashColumn("includes/upcoming_player_game_context_fields.js"),
]);
