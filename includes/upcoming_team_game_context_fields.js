/**
 * Columns of nba_analytics.upcoming_team_game_context, in order: the spec's UTGC HASH_FIELDS (§8.5) that
 * this model produces, under this model's column names, then the columns this model adds. Dropped spec fields and
 * the renames are listed in docs/data-model/upcoming_team_game_context.md.
 */
const { column, dataHashColumn, defineColumns } = require("./columns.js");

// Hashed columns first, in hash order (never reorder: the order is part of every stored hash).
module.exports = defineColumns([
  column("team_abbr", "STRING", "The team this row describes (tricode)."),
  column("game_id", "STRING", "NBA game id (game_dim)."),
  column("game_date", "DATE", "Game date D (US date)."),
  column("season", "STRING", "Season label, e.g. 2023-24 (game_dim)."),
  column("opponent_team_abbr", "STRING", "The other team of the game."),
  column(
    "home_game",
    "BOOL",
    "TRUE when team_abbr is the home team in game_dim (neutral-site games keep game_dim's home).",
  ),
  column("is_back_to_back", "BOOL", "days_rest = 0 (FALSE when days_rest is NULL)."),
  column(
    "game_number_in_season",
    "INT64",
    "1 + the team's final games of the same season dated before D (all game types).",
  ),
  column(
    "days_rest",
    "INT64",
    "Full days off since the previous game: DATE_DIFF(D, last_game_date) - 1, so a back-to-back is 0; NULL for the first game of the season.",
  ),
  column("games_in_last_7_days", "INT64", "Final games of the team dated D-7 .. D-1 (7 calendar days)."),
  column("games_in_last_14_days", "INT64", "Final games of the team dated D-14 .. D-1 (14 calendar days)."),
  column(
    "game_spread",
    "FLOAT64",
    "Pre-game point spread from the team's side (nba_raw.game_lines): negative when the team is favoured, e.g. -5.5; 0 for a pick'em; NULL when the source has no spread.",
  ),
  column("game_total", "FLOAT64", "Pre-game total points line (over/under) of the game (nba_raw.game_lines)."),
  column(
    "injured_out_count",
    "INT64",
    "Players whose availability as of D (last injured-list move or box-score appearance dated before D, same season) is an injured-list placement by this team without a day-to-day note.",
  ),
  column(
    "day_to_day_count",
    "INT64",
    "Players whose availability as of D is a day-to-day placement by this team ('(DTD)' in the move's notes).",
  ),
  column(
    "win_streak_entering",
    "INT64",
    "Consecutive wins ending with the previous game of the season (0 if that game was lost or there is none).",
  ),
  column(
    "loss_streak_entering",
    "INT64",
    "Consecutive losses ending with the previous game of the season (0 if that game was won or there is none).",
  ),
  column(
    "last_game_margin",
    "INT64",
    "Team points - opponent points in the previous game of the season; NULL if none.",
  ),
  column("last_game_result", "STRING", "W or L in the previous game of the season; NULL if none."),
  column("game_key", "STRING", "Readable game key YYYYMMDD_AWAY_HOME (game_dim)."),
  column("game_type", "STRING", "regular_season, play_in, playoffs, nba_cup_semi or nba_cup_final (game_dim)."),
  column("neutral_site", "BOOL", "game_dim neutral_site flag."),
  column(
    "last_game_date",
    "DATE",
    "Date of the team's previous final game of the same season before D; NULL for its first game of the season. Point-in-time audit: always < game_date.",
  ),
  column("opponent_days_rest", "INT64", "The opponent's days_rest for the same game."),
  column("rest_advantage", "INT64", "days_rest - opponent_days_rest (NULL when either is NULL)."),
  column("season_wins", "INT64", "Wins in the team's final games of the same season before D."),
  column("season_losses", "INT64", "Losses in the team's final games of the same season before D."),
  column("last_10_wins", "INT64", "Wins in the team's last (up to) 10 final games of the same season before D."),
  column("last_10_losses", "INT64", "Losses in the team's last (up to) 10 final games of the same season before D."),
  column(
    "team_moneyline",
    "INT64",
    "Pre-game moneyline of the team, American odds (nba_raw.game_lines); NULL where the source has none (from mid 2022-23 on).",
  ),
  column(
    "latest_injury_move_date",
    "DATE",
    "Latest move date among the players counted in injured_out_count and day_to_day_count; NULL when none. Point-in-time audit: always < game_date.",
  ),
  dataHashColumn("includes/upcoming_team_game_context_fields.js"),
]);
