/**
 * Columns of nba_analytics.player_game_summary.
 *
 * The first part is the reference's PGS HASH_FIELDS (phase3-analytics.md §4.5) in its order, restricted to the
 * columns this model produces (universal_player_id → player_id, player_full_name → player_name). The spec fields
 * this model does not produce are listed with the reason in docs/data-model/player_game_summary.md. The second
 * part appends the output columns the reference did not have, so every value of the row is covered.
 */
const { column, dataHashColumn, defineColumns } = require("./columns.js");

// Hashed columns first, in hash order (never reorder: the order is part of every stored hash).
module.exports = defineColumns([
  column("player_lookup", "STRING", "Normalised player name (the one player key rule, ts/raw/player-key.ts)."),
  column("player_id", "STRING", "NBA person id (the one player key)."),
  column("player_name", "STRING", "Player name as published in the box score."),
  column("game_id", "STRING", "NBA game id, 10 characters with leading zeros (game_dim)."),
  column("game_date", "DATE", "Game date (US date)."),
  column("team_abbr", "STRING", "Tricode of the player's team."),
  column(
    "opponent_team_abbr",
    "STRING",
    "Tricode of the other team of the game, from game_dim (not from the box-score matchup).",
  ),
  column("season_year", "INT64", "First year of the season, e.g. 2023 for 2023-24."),
  column("points", "INT64", "Points."),
  column(
    "minutes_played",
    "INT64",
    "Minutes played, whole minutes as published (0 = a brief appearance with a recorded stat).",
  ),
  column("assists", "INT64", "Assists."),
  column("offensive_rebounds", "INT64", "Offensive rebounds."),
  column("defensive_rebounds", "INT64", "Defensive rebounds."),
  column("steals", "INT64", "Steals."),
  column("blocks", "INT64", "Blocks."),
  column("turnovers", "INT64", "Turnovers."),
  column("fg_attempts", "INT64", "Field goals attempted."),
  column("fg_makes", "INT64", "Field goals made."),
  column("three_pt_attempts", "INT64", "Three-pointers attempted."),
  column("three_pt_makes", "INT64", "Three-pointers made."),
  column("ft_attempts", "INT64", "Free throws attempted."),
  column("ft_makes", "INT64", "Free throws made."),
  column("plus_minus", "INT64", "Plus-minus while on court (0 is a real 0)."),
  column("personal_fouls", "INT64", "Personal fouls."),
  column(
    "paint_attempts",
    "INT64",
    "FGA in the paint (NBA basic zones Restricted Area + In The Paint (Non-RA)) from shot events; 0 when the player had no shot event; NULL when the game has no shot data (2021-22).",
  ),
  column("paint_makes", "INT64", "Made FG in the paint (as paint_attempts)."),
  column(
    "mid_range_attempts",
    "INT64",
    "FGA from Mid-Range (NBA basic zone) from shot events; 0 / NULL as paint_attempts.",
  ),
  column("mid_range_makes", "INT64", "Made FG from Mid-Range (as mid_range_attempts)."),
  column(
    "usage_rate",
    "FLOAT64",
    "Usage rate (percent): 100 × (FGA + 0.44 × FTA + TOV) × (team minutes / 5) / (minutes × (team FGA + 0.44 × team FTA + team TOV)), team totals from the team box (team_game_results), team minutes 240 + 25 × overtime periods; rounded to 2 decimals; NULL when minutes are 0 or a part is missing.",
  ),
  column(
    "ts_pct",
    "FLOAT64",
    "True shooting %: points / (2 × (FGA + 0.44 × FTA)), rounded to 3 decimals; NULL when FGA + 0.44 × FTA = 0 (a real 0 stays 0).",
  ),
  column("efg_pct", "FLOAT64", "Effective FG %: (FGM + 0.5 × 3PM) / FGA, rounded to 3 decimals; NULL when FGA = 0."),
  column(
    "win_flag",
    "BOOL",
    "TRUE when the player's team won (game_dim winning_team_abbr); NULL while the game has no final score.",
  ),
  column("game_key", "STRING", "Readable game key YYYYMMDD_AWAY_HOME (game_dim)."),
  column("season", "STRING", "Season label, e.g. 2023-24 (game_dim)."),
  column(
    "game_type",
    "STRING",
    "regular_season or nba_cup_semi (the box-score source covers regular-season game ids only; game_dim vocabulary).",
  ),
  column(
    "home_game",
    "BOOL",
    "TRUE when the player's team is the home team in game_dim (box-score matchups disagree on some neutral-site games).",
  ),
  column("overtime_periods", "INT64", "Overtime periods played in the game (game_dim)."),
  column("total_rebounds", "INT64", "Total rebounds (= offensive + defensive)."),
  column("team_points", "INT64", "Final points of the player's team (game_dim)."),
  column("opponent_points", "INT64", "Final points of the opponent (game_dim)."),
  dataHashColumn("includes/player_game_summary_fields.js"),
]);
