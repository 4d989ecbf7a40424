const dates = require("../../includes/dates.js");

require("../../assertions/data_hash.js").dataHashAssertions("team_offense_game_summary", ["phase3"]);
require("../../assertions/team_game_summaries.js").twoRowsPerGame("team_offense_game_summary", ["phase3"]);

// player_box_scores holds regular-season games only (NBA Cup semis included): play-in, playoff and Cup-final games
// have no player rows and are not reconciled. A game with player rows must match for both teams.
assert("team_offense_game_summary_points_match_players")
  .tags(["phase3"])
  .description(
    "Team points equal the sum of that team's players' points in nba_raw.player_box_scores, for every game with player rows in the window (offending game_id, team_abbr and both sums).",
  )
  .query(
    (ctx) => `
    WITH player_points AS (
      SELECT game_id, team_abbr, SUM(pts) AS players_points
      FROM ${ctx.resolve("player_box_scores")}
      WHERE ${dates.inWindow("game_date")}
      GROUP BY game_id, team_abbr
    ),
    team_points AS (
      SELECT game_id, team_abbr, points_scored
      FROM ${ctx.ref("team_offense_game_summary")}
      WHERE ${dates.inWindow("game_date")}
        AND game_id IN (SELECT game_id FROM player_points)
    )
    SELECT
      COALESCE(t.game_id, p.game_id) AS game_id,
      COALESCE(t.team_abbr, p.team_abbr) AS team_abbr,
      t.points_scored,
      p.players_points
    FROM team_points AS t
    FULL OUTER JOIN player_points AS p ON p.game_id = t.game_id AND p.team_abbr = t.team_abbr
    WHERE t.points_scored IS NULL OR p.players_points IS NULL OR t.points_scored <> p.players_points`,
  );
