/**
 * Columns of nba_analytics.team_defense_game_summary. The reference's hash-field order
 * (phase 3 spec §6.4) restricted to the columns this model produces, then the columns it adds. Fields of the
 * reference dropped (see docs/data-model/team_defense_game_summary.md): defending_team_abbr (→ team_abbr),
 * season_year (→ season), second_chance_points_allowed, fast_break_points_allowed, blocks_paint, blocks_mid_range,
 * blocks_three_pt, players_inactive, starters_inactive, referee_crew_id (no source); opponent_pace (→ pace).
 */
const { column, dataHashColumn, defineColumns } = require("./columns.js");

// Hashed columns first, in hash order (never reorder: the order is part of every stored hash).
module.exports = defineColumns([
  column("game_id", "STRING", "NBA game id (10 characters), from game_dim."),
  column("game_date", "DATE", "Game date (US date)."),
  column("team_abbr", "STRING", "Tricode of the defending team (the reference's defending_team_abbr)."),
  column("opponent_team_abbr", "STRING", "Tricode of the opponent (the team on offense)."),
  column("season", "STRING", "Season label, e.g. 2023-24."),
  column("points_allowed", "INT64", "Points scored by the opponent."),
  column("opp_fg_attempts", "INT64", "Opponent field-goal attempts."),
  column("opp_fg_makes", "INT64", "Opponent field goals made."),
  column("opp_three_pt_attempts", "INT64", "Opponent three-point attempts."),
  column("opp_three_pt_makes", "INT64", "Opponent three-pointers made."),
  column("opp_ft_attempts", "INT64", "Opponent free-throw attempts."),
  column("opp_ft_makes", "INT64", "Opponent free throws made."),
  column("opp_rebounds", "INT64", "Opponent total rebounds."),
  column("opp_assists", "INT64", "Opponent assists."),
  column("turnovers_forced", "INT64", "Opponent turnovers."),
  column("fouls_committed", "INT64", "Personal fouls committed by the defending team."),
  column(
    "opp_paint_attempts",
    "INT64",
    "Opponent field-goal attempts in the paint (Restricted Area + Non-RA paint), from shot zones; NULL when the game has no shot-zone data (2021-22, play-in, playoffs, NBA Cup final).",
  ),
  column("opp_paint_makes", "INT64", "Opponent field goals made in the paint (as opp_paint_attempts)."),
  column("opp_mid_range_attempts", "INT64", "Opponent mid-range attempts (as opp_paint_attempts)."),
  column("opp_mid_range_makes", "INT64", "Opponent mid-range makes (as opp_paint_attempts)."),
  column("points_in_paint_allowed", "INT64", "2 x opp_paint_makes; NULL without shot-zone data."),
  column("mid_range_points_allowed", "INT64", "2 x opp_mid_range_makes; NULL without shot-zone data."),
  column("three_pt_points_allowed", "INT64", "3 x opp_three_pt_makes."),
  column("steals", "INT64", "Steals by the defending team."),
  column("defensive_rebounds", "INT64", "Defensive rebounds by the defending team."),
  column(
    "defensive_rating",
    "FLOAT64",
    "Points allowed per 100 opponent possessions: 100 x points_allowed / opp_possessions_nba (= the opponent's offensive_rating).",
  ),
  column(
    "pace",
    "FLOAT64",
    "Possessions per 48 minutes, overtime-adjusted, for the game: 48 x ((team + opponent NBA.com possessions) / 2) / (team_minutes / 5). Same value as team_offense_game_summary.pace.",
  ),
  column(
    "opponent_ts_pct",
    "FLOAT64",
    "Opponent true shooting: points_allowed / (2 x (opp_fg_attempts + 0.44 x opp_ft_attempts)).",
  ),
  column("home_game", "BOOL", "TRUE when the defending team is the home team in game_dim."),
  column("win_flag", "BOOL", "TRUE when the defending team won (scored more than points_allowed)."),
  column("margin_of_victory", "INT64", "Defending team's points - points_allowed (negative in a loss)."),
  column("overtime_periods", "INT64", "Overtime periods, from game_dim."),
  column("game_key", "STRING", "Readable game key YYYYMMDD_AWAY_HOME, from game_dim."),
  column("game_type", "STRING", "regular_season, play_in, playoffs, nba_cup_semi or nba_cup_final."),
  column("neutral_site", "BOOL", "TRUE for neutral-site games as flagged upstream (NBA Cup semis/final)."),
  column("opp_offensive_rebounds", "INT64", "Opponent offensive rebounds."),
  column("blocks", "INT64", "Blocks by the defending team."),
  column(
    "defensive_rebound_rate",
    "FLOAT64",
    "Share of available defensive rebounds taken: defensive_rebounds / (defensive_rebounds + opp_offensive_rebounds), 0-1.",
  ),
  column("team_minutes", "INT64", "Team minutes: 240 regulation, +25 per overtime."),
  column(
    "opp_possessions_nba",
    "FLOAT64",
    "Opponent possessions as counted by NBA.com: the possessions the team defended.",
  ),
  column(
    "possessions_estimate",
    "FLOAT64",
    "Two-team possession estimate of the game (Basketball-Reference formula, see team_offense_game_summary).",
  ),
  column(
    "opponent_efg_pct",
    "FLOAT64",
    "Opponent effective field-goal percentage: (opp_fg_makes + 0.5 x opp_three_pt_makes) / opp_fg_attempts.",
  ),
  column(
    "opponent_turnover_rate",
    "FLOAT64",
    "Opponent turnovers per play: turnovers_forced / (opp_fg_attempts + 0.44 x opp_ft_attempts + turnovers_forced), 0-1.",
  ),
  dataHashColumn("includes/team_defense_game_summary_fields.js"),
]);
