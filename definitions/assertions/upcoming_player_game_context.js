/**
 * Assertions of nba_analytics.upcoming_player_game_context beyond its inline ones: data_hash format, exactly one
 * row per player-game, and point-in-time (the history the row was built from is recomputed from inputs dated
 * strictly before the game date). Only the checked table is a ref (other tables through ctx.resolve: no dependency
 * edge). Every query is linear: equi-joins and window functions over the rows sorted by player and date.
 */
const dates = require("../../includes/dates.js");

require("../../assertions/data_hash.js").dataHashAssertions("upcoming_player_game_context", ["phase3"]);

assert("upcoming_player_game_context_one_row_per_player_game")
  .tags(["phase3"])
  .description(
    "Exactly one row per (game_id, player_id), at most one game per player and date, and the team plays that game (game_dim).",
  )
  .query(
    (ctx) => `
    SELECT u.game_id, u.player_id, u.game_date, COUNT(*) AS row_count,
           COUNT(DISTINCT u.game_id) AS games_that_date, LOGICAL_AND(u.team_abbr IN (g.home_team_abbr, g.away_team_abbr)) AS team_plays
    FROM ${ctx.ref("upcoming_player_game_context")} AS u
    LEFT JOIN ${ctx.resolve("game_dim")} AS g ON g.game_id = u.game_id
    GROUP BY u.game_id, u.player_id, u.game_date
    HAVING COUNT(*) <> 1 OR NOT LOGICAL_AND(IFNULL(u.team_abbr IN (g.home_team_abbr, g.away_team_abbr), FALSE))
    UNION ALL
    SELECT MIN(u.game_id), u.player_id, u.game_date, COUNT(*), COUNT(DISTINCT u.game_id), CAST(NULL AS BOOL)
    FROM ${ctx.ref("upcoming_player_game_context")} AS u
    GROUP BY u.player_id, u.game_date
    HAVING COUNT(*) <> 1`,
  );

assert("upcoming_player_game_context_point_in_time")
  .tags(["phase3"])
  .description(
    "Point-in-time: for every row of the run window, last_game_date, season_games_played and the 7/14-day appearance counts equal a recomputation over box scores dated strictly before the game date; every audit date is before the game date.",
  )
  .query(
    (ctx) => `
    WITH events AS (
      -- the checked rows and the players' box-score appearances, sorted together by player and date
      SELECT player_id, season, game_date, game_id, 1 AS is_target, CAST(NULL AS DATE) AS box_date
      FROM ${ctx.ref("upcoming_player_game_context")}
      WHERE ${dates.inWindow("game_date")}
      UNION ALL
      SELECT player_id, season, game_date, NULL, 0, game_date FROM ${ctx.resolve("player_box_scores")}
    ),
    expected AS (
      SELECT game_id, player_id, last_game_date, season_games, games_7, games_14
      FROM (
        SELECT
          game_id, player_id, is_target,
          -- at equal dates the checked row sorts first, so a box score dated D is never counted for D
          MAX(box_date) OVER (PARTITION BY player_id, season ORDER BY game_date, is_target DESC ROWS UNBOUNDED PRECEDING) AS last_game_date,
          COUNT(box_date) OVER (PARTITION BY player_id, season ORDER BY game_date, is_target DESC ROWS UNBOUNDED PRECEDING) AS season_games,
          COUNT(box_date) OVER (PARTITION BY player_id ORDER BY UNIX_DATE(game_date) RANGE BETWEEN 7 PRECEDING AND 1 PRECEDING) AS games_7,
          COUNT(box_date) OVER (PARTITION BY player_id ORDER BY UNIX_DATE(game_date) RANGE BETWEEN 14 PRECEDING AND 1 PRECEDING) AS games_14
        FROM events
      )
      WHERE is_target = 1
    )
    SELECT u.game_id, u.player_id, u.game_date, u.last_game_date, e.last_game_date AS expected_last_game_date,
           u.season_games_played, e.season_games, u.games_in_last_7_days, e.games_7, u.games_in_last_14_days, e.games_14,
           u.injury_status_date, u.points_line_slate_date
    FROM ${ctx.ref("upcoming_player_game_context")} AS u
    JOIN expected AS e USING (game_id, player_id)
    WHERE u.last_game_date IS DISTINCT FROM e.last_game_date
      OR u.season_games_played <> e.season_games
      OR u.games_in_last_7_days <> e.games_7
      OR u.games_in_last_14_days <> e.games_14
      OR u.injury_status_date >= u.game_date
      OR u.points_line_slate_date >= u.game_date`,
  );
