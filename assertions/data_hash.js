/**
 * data_hash coverage and format for a model: every row has a hash, and every hash is exactly 16 lowercase hex
 * characters. Call from a definitions/ file: `require("../../assertions/data_hash.js").dataHashAssertions("player_game_summary", ["phase3"])`.
 */
const sql = require("../includes/sql.js");

function dataHashAssertions(table, tags) {
  assert(`${table}_data_hash_valid`)
    .tags(tags)
    .description(`Every ${table} row has a data_hash of exactly 16 lowercase hex characters (coverage 100%).`)
    .query(
      (ctx) => `
      SELECT *
      FROM ${ctx.ref(table)}
      WHERE data_hash IS NULL OR NOT ${sql.regexpContains("data_hash", "r'^[0-9a-f]{16}$'")}`,
    );
}

module.exports = { dataHashAssertions };
