/**
 * The pending tables of smart reprocessing (includes/precompute_reprocessing.js): one per phase 4 model, refilled by
 * the model's pre-operation at every run, read by its query (only new or changed entities are computed), by its
 * post-operations (stats, stale rows) and by precompute_failures.
 */
const reprocessing = require("../../includes/precompute_reprocessing.js");
const { PROCESSORS } = require("../../includes/precompute_config.js");

for (const processor of Object.values(PROCESSORS)) {
  operate(`${processor}_pending`)
    .schema("nba_processing")
    .tags(["phase4"])
    .hasOutput(true)
    .description(
      `Entity set of the latest ${processor} run: one row per (entity, date) of its window with the current source_hash and the status (new, changed, unchanged, failed).`,
    )
    .queries((ctx) => reprocessing.pendingDdl(ctx.self()));
}
