// Assertions of the phase 4 tables beyond their inline ones (keys, non-NULLs, ranges, point-in-time audit dates).
const { PROCESSORS, FEATURES } = require("../../includes/precompute_config.js");
const inputs = require("../../includes/precompute_inputs.js");
const checks = require("../../assertions/precompute.js");
const { dataHashAssertions } = require("../../assertions/data_hash.js");

const TAGS = ["phase4"];
const KEYS = {
  [PROCESSORS.tdza]: { entity: "team_abbr", date: "analysis_date" },
  [PROCESSORS.psza]: { entity: "player_lookup", date: "analysis_date" },
  [PROCESSORS.pdc]: { entity: "player_lookup", date: "cache_date" },
  [PROCESSORS.pcf]: { entity: "player_lookup", date: "game_date" },
  [PROCESSORS.mlfs]: { entity: "player_lookup", date: "game_date" },
};

for (const [table, key] of Object.entries(KEYS)) {
  dataHashAssertions(table, TAGS);
  checks.sourceHashValid(table, TAGS);
  const universe =
    table === PROCESSORS.tdza
      ? (ctx) => `SELECT team_abbr AS entity_id, analysis_date FROM (${inputs.scheduledTeams((n) => ctx.resolve(n))})`
      : (ctx) =>
          `SELECT player_lookup AS entity_id, analysis_date FROM (${inputs.scheduledPlayers((n) => ctx.resolve(n))})`;
  checks.coverage(table, key, universe, TAGS);
}

checks.featureRanges(PROCESSORS.mlfs, FEATURES, TAGS);
