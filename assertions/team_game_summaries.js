/**
 * Shared checks of the two team-game summaries (team_offense_game_summary, team_defense_game_summary): each has
 * exactly one row per team of every final game of game_dim inside the run window, and no other rows. Call from a
 * definitions/ file: `require("../../assertions/team_game_summaries.js").twoRowsPerGame("team_offense_game_summary", ["phase3"])`.
 * Only the checked table is a dependency (ref); game_dim is read through resolve, so the assertion belongs to the
 * checked table alone and dependOnDependencyAssertions on game_dim's readers makes no cycle.
 */
const dates = require("../includes/dates.js");

function twoRowsPerGame(table, tags) {
  assert(`${table}_two_rows_per_game`)
    .tags(tags)
    .description(
      `${table} has exactly two rows per final game of game_dim in the run window, one for the home and one for the away team (offending game_id with the rows found).`,
    )
    .query(
      (ctx) => `
      WITH expected AS (
        SELECT game_id, home_team_abbr, away_team_abbr
        FROM ${ctx.resolve("game_dim")}
        WHERE is_final AND ${dates.inWindow("game_date")}
      ),
      found AS (
        SELECT
          game_id,
          COUNT(*) AS team_rows,
          COUNTIF(home_game) AS home_rows,
          LOGICAL_AND(team_abbr IS NOT NULL) AS teams_present,
          STRING_AGG(team_abbr, ',' ORDER BY team_abbr) AS teams
        FROM ${ctx.ref(table)}
        WHERE ${dates.inWindow("game_date")}
        GROUP BY game_id
      )
      SELECT
        COALESCE(e.game_id, f.game_id) AS game_id,
        e.home_team_abbr,
        e.away_team_abbr,
        f.team_rows,
        f.home_rows,
        f.teams
      FROM expected AS e
      FULL OUTER JOIN found AS f ON f.game_id = e.game_id
      WHERE e.game_id IS NULL
        OR f.game_id IS NULL
        OR f.team_rows <> 2
        OR f.home_rows <> 1
        OR f.teams <> IF(e.home_team_abbr < e.away_team_abbr, e.home_team_abbr || ',' || e.away_team_abbr, e.away_team_abbr || ',' || e.home_team_abbr)`,
    );
}

module.exports = { twoRowsPerGame };
