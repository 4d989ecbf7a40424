/**
 * Columns of nba_analytics.team_offense_game_summary. The reference's hash-field order
 * (phase 3 spec §5.4) restricted to the columns this model produces, then the columns it adds. Fields of the
 * reference dropped (see docs/data-model/team_offense_game_summary.md): nba_game_id (game_id is the NBA id),
 * season_year (→ season), second_chance_points_scored, players_inactive, starters_inactive, referee_crew_id (no
 * source); `possessions` (truncated single-team estimate) is replaced by possessions_nba and possessions_estimate.
 */
const { column, dataHashColumn, defineColumns } = require("./columns.js");

// Hashed columns first, in hash order (never reorder: the order is part of every stored hash).
module.exports = defineColumns([
  column("game_id", "STRING", "NBA game id (10 characters), from game_dim."),
  column("game_date", "DATE", "Game date (US date)."),
  column("team_abbr", "STRING", "Tricode of the team on offense."),
  column("opponent_team_abbr", "STRING", "Tricode of the opponent."),
  column("season", "STRING", "Season label, e.g. 2023-24."),
  column("points_scored", "INT64", "Points scored by the team."),
  column("fg_attempts", "INT64", "Field-goal attempts."),
  column("fg_makes", "INT64", "Field goals made."),
  column("three_pt_attempts", "INT64", "Three-point attempts."),
  column("three_pt_makes", "INT64", "Three-pointers made."),
  column("ft_attempts", "INT64", "Free-throw attempts."),
  column("ft_makes", "INT64", "Free throws made."),
  column("rebounds", "INT64", "Total rebounds (offensive + defensive)."),
  column("assists", "INT64", "Assists."),
  column("turnovers", "INT64", "Turnovers committed."),
  column("personal_fouls", "INT64", "Personal fouls committed."),
  column(
    "team_paint_attempts",
    "INT64",
    "Field-goal attempts in the paint (Restricted Area + In The Paint (Non-RA)), summed over the team's players in nba_raw.shot_zone_splits. NULL when the game has no shot-zone data (2021-22, play-in, playoffs, NBA Cup final).",
  ),
  column("team_paint_makes", "INT64", "Field goals made in the paint (as team_paint_attempts)."),
  column("team_mid_range_attempts", "INT64", "Mid-range field-goal attempts (as team_paint_attempts)."),
  column("team_mid_range_makes", "INT64", "Mid-range field goals made (as team_paint_attempts)."),
  column(
    "points_in_paint_scored",
    "INT64",
    "2 x team_paint_makes (every paint shot is a two); NULL without shot-zone data.",
  ),
  column("offensive_rating", "FLOAT64", "Points per 100 possessions: 100 x points_scored / possessions_nba."),
  column(
    "pace",
    "FLOAT64",
    "Possessions per 48 minutes, overtime-adjusted: 48 x ((possessions_nba + opponent's possessions_nba) / 2) / (team_minutes / 5). Same value for both teams of a game.",
  ),
  column("possessions_nba", "FLOAT64", "The team's possessions as counted by NBA.com (nba_raw.team_possessions)."),
  column(
    "ts_pct",
    "FLOAT64",
    "True shooting: points_scored / (2 x (fg_attempts + 0.44 x ft_attempts)); NULL when the denominator is 0.",
  ),
  column("home_game", "BOOL", "TRUE when the team is the home team in game_dim."),
  column("win_flag", "BOOL", "TRUE when points_scored > opponent_points."),
  column("margin_of_victory", "INT64", "points_scored - opponent_points (negative in a loss)."),
  column(
    "overtime_periods",
    "INT64",
    "Overtime periods, from game_dim (team minutes: 240 regulation, +25 per overtime).",
  ),
  column("game_key", "STRING", "Readable game key YYYYMMDD_AWAY_HOME, from game_dim."),
  column("game_type", "STRING", "regular_season, play_in, playoffs, nba_cup_semi or nba_cup_final, from game_dim."),
  column(
    "neutral_site",
    "BOOL",
    "TRUE for neutral-site games as flagged upstream (NBA Cup semis/final), from game_dim.",
  ),
  column("opponent_points", "INT64", "Points scored by the opponent."),
  column("offensive_rebounds", "INT64", "Offensive rebounds."),
  column("defensive_rebounds", "INT64", "Defensive rebounds."),
  column("steals", "INT64", "Steals."),
  column("blocks", "INT64", "Blocks."),
  column("points_q1", "INT64", "Points in the first quarter (nba_raw.line_scores)."),
  column("points_q2", "INT64", "Points in the second quarter."),
  column("points_q3", "INT64", "Points in the third quarter."),
  column("points_q4", "INT64", "Points in the fourth quarter."),
  column("points_overtime", "INT64", "Points in all overtime periods together (0 without overtime)."),
  column(
    "team_minutes",
    "INT64",
    "Team minutes played (player-minutes / 1): 240 regulation, 265 one overtime, ... (nba_raw.team_possessions).",
  ),
  column(
    "possessions_estimate",
    "FLOAT64",
    "Two-team possession estimate (Basketball-Reference): 0.5 x (team (FGA + 0.4 x FTA - 1.07 x OREB/(OREB + opp DREB) x (FGA - FGM) + TOV) + opponent (same)). Same value for both teams of a game.",
  ),
  column(
    "efg_pct",
    "FLOAT64",
    "Effective field-goal percentage: (fg_makes + 0.5 x three_pt_makes) / fg_attempts; NULL when fg_attempts is 0.",
  ),
  column(
    "turnover_rate",
    "FLOAT64",
    "Turnovers per play: turnovers / (fg_attempts + 0.44 x ft_attempts + turnovers), 0-1.",
  ),
  column(
    "offensive_rebound_rate",
    "FLOAT64",
    "Share of available offensive rebounds taken: offensive_rebounds / (offensive_rebounds + opponent's defensive_rebounds), 0-1.",
  ),
  column("free_throw_rate", "FLOAT64", "Free-throw attempts per field-goal attempt: ft_attempts / fg_attempts."),
  column(
    "possessions",
    "INT64",
    "The team's possessions under the reference's column name and type: the NBA.com count (always whole), as possessions_nba (the reference's own value was a truncated single-team estimate, spec §5.2).",
    { hashed: false },
  ),
  dataHashColumn("includes/team_offense_game_summary_fields.js"),
]);
