/**
 * Phase 4 assertion generators: coverage (every scheduled entity has exactly one of a row or a failure row), the
 * source_hash format, and feature ranges and array order of the feature store. Registered from
 * definitions/assertions/precompute.js.
 */
const dates = require("../includes/dates.js");
const sql = require("../includes/sql.js");

/** Every row has a source_hash of 16 lowercase hex characters. */
function sourceHashValid(table, tags) {
  assert(`${table}_source_hash_valid`)
    .tags(tags)
    .description(`Every ${table} row has a source_hash of exactly 16 lowercase hex characters.`)
    .query(
      (ctx) => `
      SELECT *
      FROM ${ctx.ref(table)}
      WHERE source_hash IS NULL OR NOT ${sql.regexpContains("source_hash", "r'^[0-9a-f]{16}$'")}`,
    );
}

/**
 * Coverage of a processor over the run window: each scheduled (entity, date) of `universe` (a function of ctx
 * returning a SELECT of entity_id, analysis_date) has exactly one row in the table or in precompute_failures, and
 * the table has no row outside the universe. Only precompute_failures is a dependency (it runs after the five
 * models); the other tables are named with resolve(), so that this check is not an assertion "of" the models or of
 * their phase 3 inputs, which would make dependOnDependencyAssertions wait for it in a cycle.
 */
function coverage(table, { entity, date }, universe, tags) {
  assert(`${table}_covers_every_scheduled_entity`)
    .tags(tags)
    .description(
      `Every scheduled entity of the window has exactly one ${table} row or one precompute_failures row, never both, never neither; no ${table} row is off the slate.`,
    )
    .query(
      (ctx) => `
      WITH scheduled AS (
        SELECT DISTINCT entity_id, analysis_date FROM (${universe(ctx)})
      ),
      produced AS (
        SELECT ${entity} AS entity_id, ${date} AS analysis_date, COUNT(*) AS n
        FROM ${ctx.resolve(table)}
        WHERE ${dates.inWindow(date)}
        GROUP BY 1, 2
      ),
      failed AS (
        SELECT entity_id, analysis_date, COUNT(*) AS n
        FROM ${ctx.ref("precompute_failures")}
        WHERE processor_name = '${table}' AND ${dates.inWindow("analysis_date")}
        GROUP BY 1, 2
      )
      SELECT
        COALESCE(s.entity_id, p.entity_id) AS entity_id,
        COALESCE(s.analysis_date, p.analysis_date) AS analysis_date,
        s.entity_id IS NOT NULL AS scheduled,
        IFNULL(p.n, 0) AS rows_in_table,
        IFNULL(f.n, 0) AS failure_rows
      FROM scheduled AS s
      FULL OUTER JOIN produced AS p ON p.entity_id = s.entity_id AND p.analysis_date = s.analysis_date
      LEFT JOIN failed AS f ON f.entity_id = s.entity_id AND f.analysis_date = s.analysis_date
      WHERE s.entity_id IS NULL OR IFNULL(p.n, 0) + IFNULL(f.n, 0) <> 1`,
    );
}

/** Each named feature is within its documented range and equals its element of the features array. */
function featureRanges(table, features, tags) {
  assert(`${table}_features_in_range`)
    .tags(tags)
    .description(
      `Every ${table} feature is non-NULL, within its documented range (includes/precompute_config.js), and equals its position in the features array.`,
    )
    .query(
      (ctx) => `
      SELECT player_lookup, game_date, problem
      FROM ${ctx.ref(table)},
      UNNEST([
        ${features
          .map(
            (f, i) =>
              `IF(${f.name} IS NULL OR ${f.name} < ${f.min} OR ${f.name} > ${f.max} OR features[OFFSET(${i})] <> ${f.name}` +
              ` OR feature_names[OFFSET(${i})] <> '${f.name}', '${f.name} out of [${f.min}, ${f.max}] or misplaced', NULL)`,
          )
          .join(",\n        ")}
      ]) AS problem
      WHERE problem IS NOT NULL`,
    );
}

module.exports = { sourceHashValid, coverage, featureRanges };
