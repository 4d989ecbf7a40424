// Assertions of nba_analytics.player_game_summary (the uniqueKey, nonNull and row conditions are inline in the model).
require("../../assertions/data_hash.js").dataHashAssertions("player_game_summary", ["phase3"]);
const dates = require("../../includes/dates.js");

assert("player_game_summary_reconciles_box_scores")
  .tags(["phase3"])
  .description(
    "Inside the run window, every nba_raw.player_box_scores row with minutes > 0 has exactly one summary row, and no summary row lacks its box-score row. Returns the offending keys.",
  )
  .query(
    (ctx) => `
      WITH box_played AS (
        SELECT game_id, player_id
        FROM ${ctx.resolve("player_box_scores")}
        WHERE ${dates.inWindow("game_date")} AND minutes > 0
      ),
      box_all AS (
        SELECT DISTINCT game_id, player_id
        FROM ${ctx.resolve("player_box_scores")}
      ),
      summary_rows AS (
        SELECT game_id, player_id, COUNT(*) AS summary_rows
        FROM ${ctx.ref("player_game_summary")}
        WHERE ${dates.inWindow("game_date")}
        GROUP BY game_id, player_id
      )
      SELECT b.game_id, b.player_id, IFNULL(s.summary_rows, 0) AS summary_rows, 'box score row with minutes > 0 has not exactly one summary row' AS problem
      FROM box_played AS b
      LEFT JOIN summary_rows AS s ON s.game_id = b.game_id AND s.player_id = b.player_id
      WHERE IFNULL(s.summary_rows, 0) <> 1
      UNION ALL
      SELECT s.game_id, s.player_id, s.summary_rows, 'summary row without a box score row' AS problem
      FROM summary_rows AS s
      LEFT JOIN box_all AS b ON b.game_id = s.game_id AND b.player_id = s.player_id
      WHERE b.game_id IS NULL`,
  );

assert("player_game_summary_team_points_reconcile")
  .tags(["phase3"])
  .description(
    "Inside the run window, the summary's points summed per team-game equal the team's final score in game_dim (players excluded as not played have 0 points). Returns the offending team-games.",
  )
  .query(
    (ctx) => `
      SELECT game_id, team_abbr, SUM(points) AS summed_player_points, MAX(team_points) AS final_team_points
      FROM ${ctx.ref("player_game_summary")}
      WHERE ${dates.inWindow("game_date")}
      GROUP BY game_id, team_abbr
      HAVING SUM(points) <> MAX(team_points) OR MAX(team_points) IS NULL`,
  );
