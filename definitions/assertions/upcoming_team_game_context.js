/**
 * Assertions of nba_analytics.upcoming_team_game_context beyond its inline ones: data_hash format, two rows per
 * game of the run window, and point-in-time (every history-derived value recomputed from inputs dated before D).
 */
const dates = require("../../includes/dates.js");
const sql = require("../../includes/sql.js");

require("../../assertions/data_hash.js").dataHashAssertions("upcoming_team_game_context", ["phase3"]);

assert("upcoming_team_game_context_two_rows_per_game")
  .tags(["phase3"])
  .description("Every game of game_dim in the run window has exactly two rows, one per team (home and away).")
  .query((ctx) => `
    SELECT g.game_id, g.game_date, COUNT(u.team_abbr) AS team_rows, COUNTIF(u.is_home) AS home_rows
    FROM ${ctx.ref("game_dim")} AS g
    LEFT JOIN ${ctx.ref("upcoming_team_game_context")} AS u
      ON u.game_id = g.game_id
      AND u.team_abbr IN (g.home_team_abbr, g.away_team_abbr)
      AND u.is_home = (u.team_abbr = g.home_team_abbr)
    WHERE ${dates.inWindow("g.game_date")}
    GROUP BY g.game_id, g.game_date
    HAVING COUNT(u.team_abbr) <> 2 OR COUNTIF(u.is_home) <> 1`);

assert("upcoming_team_game_context_point_in_time")
  .tags(["phase3"])
  .description("Point-in-time: last_game_date is the team's latest final game of the season dated strictly before the game date, and the 7/14-day counts equal the final games dated D-7..D-1 / D-14..D-1 (recomputed from game_dim).")
  .query((ctx) => `
    WITH team_results AS (
      SELECT game_date, season, home_team_abbr AS team_abbr FROM ${ctx.ref("game_dim")} WHERE is_final
      UNION ALL
      SELECT game_date, season, away_team_abbr FROM ${ctx.ref("game_dim")} WHERE is_final
    ),
    expected AS (
      SELECT
        u.game_id, u.team_abbr,
        MAX(r.game_date) AS last_game_date,
        COUNTIF(r.game_date >= ${sql.dateSub("u.game_date", 7)}) AS games_7,
        COUNTIF(r.game_date >= ${sql.dateSub("u.game_date", 14)}) AS games_14
      FROM ${ctx.ref("upcoming_team_game_context")} AS u
      LEFT JOIN team_results AS r
        ON r.team_abbr = u.team_abbr AND r.season = u.season AND r.game_date < u.game_date
      WHERE ${dates.inWindow("u.game_date")}
      GROUP BY u.game_id, u.team_abbr
    )
    SELECT u.game_id, u.team_abbr, u.game_date, u.last_game_date, e.last_game_date AS expected_last_game_date,
           u.games_in_last_7_days, e.games_7, u.games_in_last_14_days, e.games_14
    FROM ${ctx.ref("upcoming_team_game_context")} AS u
    JOIN expected AS e USING (game_id, team_abbr)
    WHERE u.last_game_date IS DISTINCT FROM e.last_game_date
      OR u.games_in_last_7_days <> e.games_7
      OR u.games_in_last_14_days <> e.games_14
      OR u.last_game_date >= u.game_date
      OR u.latest_injury_move_date >= u.game_date`);
