/**
 * Assertions of nba_analytics.upcoming_team_game_context beyond its inline ones: data_hash format, two rows per
 * game of the run window, and point-in-time (every history-derived value recomputed from inputs dated before D).
 * Only the checked table is a ref (other tables through ctx.resolve: no dependency edge, see
 * definitions/assertions/team_defense_game_summary.js). Every query is linear: equi-joins and window functions.
 */
const dates = require("../../includes/dates.js");

require("../../assertions/data_hash.js").dataHashAssertions("upcoming_team_game_context", ["phase3"]);

assert("upcoming_team_game_context_two_rows_per_game")
  .tags(["phase3"])
  .description("Every game of game_dim in the run window has exactly two rows, one per team (home and away).")
  .query(
    (ctx) => `
    WITH found AS (
      SELECT g.game_id, g.game_date,
        COUNTIF(u.team_abbr IN (g.home_team_abbr, g.away_team_abbr) AND u.home_game = (u.team_abbr = g.home_team_abbr)) AS team_rows,
        COUNTIF(u.team_abbr = g.home_team_abbr AND u.home_game) AS home_rows,
        COUNT(u.game_id) AS all_rows
      FROM ${ctx.resolve("game_dim")} AS g
      LEFT JOIN ${ctx.ref("upcoming_team_game_context")} AS u ON u.game_id = g.game_id
      WHERE ${dates.inWindow("g.game_date")}
      GROUP BY g.game_id, g.game_date
    )
    SELECT * FROM found WHERE team_rows <> 2 OR home_rows <> 1 OR all_rows <> 2`,
  );

assert("upcoming_team_game_context_point_in_time")
  .tags(["phase3"])
  .description(
    "Point-in-time: last_game_date is the team's latest final game of the season dated strictly before the game date, and the 7/14-day counts equal the final games of the season dated D-7..D-1 / D-14..D-1 (recomputed from game_dim).",
  )
  .query(
    (ctx) => `
    WITH events AS (
      -- the checked rows and the teams' final games, sorted together by team, season and date
      SELECT team_abbr, season, game_date, game_id, 1 AS is_target, CAST(NULL AS DATE) AS final_date
      FROM ${ctx.ref("upcoming_team_game_context")}
      WHERE ${dates.inWindow("game_date")}
      UNION ALL
      SELECT home_team_abbr, season, game_date, NULL, 0, game_date FROM ${ctx.resolve("game_dim")} WHERE is_final
      UNION ALL
      SELECT away_team_abbr, season, game_date, NULL, 0, game_date FROM ${ctx.resolve("game_dim")} WHERE is_final
    ),
    expected AS (
      SELECT game_id, team_abbr, last_game_date, games_7, games_14
      FROM (
        SELECT
          game_id, team_abbr, is_target,
          MAX(final_date) OVER (PARTITION BY team_abbr, season ORDER BY game_date, is_target DESC ROWS UNBOUNDED PRECEDING) AS last_game_date,
          COUNT(final_date) OVER (PARTITION BY team_abbr, season ORDER BY UNIX_DATE(game_date) RANGE BETWEEN 7 PRECEDING AND 1 PRECEDING) AS games_7,
          COUNT(final_date) OVER (PARTITION BY team_abbr, season ORDER BY UNIX_DATE(game_date) RANGE BETWEEN 14 PRECEDING AND 1 PRECEDING) AS games_14
        FROM events
      )
      WHERE is_target = 1
    )
    SELECT u.game_id, u.team_abbr, u.game_date, u.last_game_date, e.last_game_date AS expected_last_game_date,
           u.games_in_last_7_days, e.games_7, u.games_in_last_14_days, e.games_14
    FROM ${ctx.ref("upcoming_team_game_context")} AS u
    JOIN expected AS e USING (game_id, team_abbr)
    WHERE u.last_game_date IS DISTINCT FROM e.last_game_date
      OR u.games_in_last_7_days <> e.games_7
      OR u.games_in_last_14_days <> e.games_14
      OR u.last_game_date >= u.game_date
      OR u.latest_injury_move_date >= u.game_date`,
  );
