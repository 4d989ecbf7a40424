/**
 * Phase 4 reads phase 3 only through these selects: the one place that names phase 3 columns, so a phase 3 rename
 * is followed here and nowhere else. Each returns a SELECT (no trailing semicolon) with phase 4's own column names.
 * `ref` is the SQLX ref function of the caller. The universe selects (scheduledPlayers, scheduledTeams) take the
 * caller's `{ ctx, date }` (its SQLX context and its own date column) so a run without vars derives its window from
 * the caller's table (includes/dates.js); without it they cover the vars' window, or every date.
 */
const dates = require("./dates.js");
const sql = require("./sql.js");

/** Players scheduled on a game date D of the run window (upcoming_player_game_context), the phase 4 universe. */
function scheduledPlayers(ref, derived) {
  return `
    SELECT
      u.player_id,
      u.player_lookup,
      p.player_name,
      u.game_id,
      u.game_date AS analysis_date,
      u.season,
      u.team_abbr,
      u.opponent_team_abbr,
      u.home_game AS is_home,
      u.days_rest,
      u.is_back_to_back,
      u.opponent_days_rest,
      u.games_in_last_7_days,
      u.games_in_last_14_days,
      u.minutes_in_last_7_days,
      u.minutes_in_last_14_days,
      u.avg_minutes_per_game_last_7,
      u.back_to_backs_last_14_days,
      u.injury_status,
      u.season_games_played,
      u.points_avg_last_5,
      u.points_avg_last_10,
      u.points_avg_season,
      u.points_std_last_10,
      u.minutes_avg_last_10,
      u.last_game_date,
      u.data_hash AS context_hash
    FROM ${ref("upcoming_player_game_context")} AS u
    LEFT JOIN ${ref("player_dim")} AS p ON p.player_id = u.player_id
    WHERE ${dates.inWindow("u.game_date", derived && derived.ctx, derived && derived.date)}`;
}

/** Teams scheduled on a game date D of the run window (upcoming_team_game_context). */
function scheduledTeams(ref, derived) {
  return `
    SELECT
      team_abbr,
      game_id,
      game_date AS analysis_date,
      season,
      game_type,
      opponent_team_abbr,
      season_wins,
      season_losses,
      data_hash AS team_context_hash
    FROM ${ref("upcoming_team_game_context")}
    WHERE ${dates.inWindow("game_date", derived && derived.ctx, derived && derived.date)}`;
}

/**
 * Player games (player_game_summary) that count as played for phase 4 windows: minutes, a shot or a point.
 * Restricted to the seasons of the run window.
 */
function playerGames(ref) {
  return `
    SELECT
      player_id,
      season,
      game_date,
      game_id,
      team_abbr,
      points,
      minutes_played,
      fg_attempts,
      fg_makes,
      three_pt_attempts,
      three_pt_makes,
      ft_makes,
      paint_attempts,
      paint_makes,
      mid_range_attempts,
      mid_range_makes,
      usage_rate,
      ts_pct,
      data_hash
    FROM ${ref("player_game_summary")}
    WHERE (minutes_played > 0 OR fg_attempts > 0 OR points > 0)
      AND season IN (SELECT DISTINCT season FROM ${ref("upcoming_team_game_context")} WHERE ${dates.inWindow("game_date")})`;
}

/** Team defensive games (team_defense_game_summary), restricted to the seasons of the run window. */
function teamDefenseGames(ref) {
  return `
    SELECT
      team_abbr,
      season,
      game_date,
      game_id,
      opp_paint_attempts,
      opp_paint_makes,
      opp_mid_range_attempts,
      opp_mid_range_makes,
      opp_three_pt_attempts,
      opp_three_pt_makes,
      points_in_paint_allowed,
      blocks,
      points_allowed,
      defensive_rating,
      pace,
      data_hash
    FROM ${ref("team_defense_game_summary")}
    WHERE season IN (SELECT DISTINCT season FROM ${ref("upcoming_team_game_context")} WHERE ${dates.inWindow("game_date")})`;
}

/**
 * Team offensive games (team_offense_game_summary) from a year before the run window on: the team windows of phase 4
 * (last 10 games) may reach into the previous season, as in the reference. Without window vars (a scheduled run)
 * every game, like the other inputs: the default vars of dataform.json must not cut off newer games.
 */
function teamOffenseGames(ref) {
  return `
    SELECT
      team_abbr,
      game_date,
      game_id,
      pace,
      offensive_rating,
      data_hash
    FROM ${ref("team_offense_game_summary")}
    WHERE ${dates.hasWindowVars() ? `game_date BETWEEN ${sql.dateSub(dates.windowStart(), 400)} AND ${dates.windowEnd()}` : "TRUE"}`;
}

module.exports = { scheduledPlayers, scheduledTeams, playerGames, teamDefenseGames, teamOffenseGames };
