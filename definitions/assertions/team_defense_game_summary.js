// Assertions that read another table than the one they check read it through ctx.resolve (no dependency edge), so
// each assertion belongs to the table it checks and dependOnDependencyAssertions makes no cycle.
const dates = require("../../includes/dates.js");

require("../../assertions/data_hash.js").dataHashAssertions("team_defense_game_summary", ["phase3"]);
require("../../assertions/team_game_summaries.js").twoRowsPerGame("team_defense_game_summary", ["phase3"]);

assert("team_defense_game_summary_matches_offense")
  .tags(["phase3"])
  .description(
    "For every team A and game: A's offense row (points, possessions, offensive rating, pace) equals what A's opponent allowed in its defense row of the same game, and every defense row has that offense row (offending game_id, offense team and both values).",
  )
  .query(
    (ctx) => `
    WITH offense AS (
      SELECT game_id, team_abbr, opponent_team_abbr, points_scored, possessions_nba, offensive_rating, pace
      FROM ${ctx.resolve("team_offense_game_summary")}
      WHERE ${dates.inWindow("game_date")}
    ),
    defense AS (
      SELECT game_id, team_abbr, opponent_team_abbr, points_allowed, opp_possessions_nba, defensive_rating, pace
      FROM ${ctx.ref("team_defense_game_summary")}
      WHERE ${dates.inWindow("game_date")}
    )
    SELECT
      COALESCE(o.game_id, d.game_id) AS game_id,
      COALESCE(o.team_abbr, d.opponent_team_abbr) AS offense_team_abbr,
      COALESCE(o.opponent_team_abbr, d.team_abbr) AS defense_team_abbr,
      o.points_scored,
      d.points_allowed,
      o.offensive_rating,
      d.defensive_rating
    FROM offense AS o
    FULL OUTER JOIN defense AS d ON d.game_id = o.game_id AND d.team_abbr = o.opponent_team_abbr AND d.opponent_team_abbr = o.team_abbr
    WHERE o.game_id IS NULL
      OR d.game_id IS NULL
      OR o.points_scored IS DISTINCT FROM d.points_allowed
      OR o.possessions_nba IS DISTINCT FROM d.opp_possessions_nba
      OR o.offensive_rating IS DISTINCT FROM d.defensive_rating
      OR o.pace IS DISTINCT FROM d.pace`,
  );
