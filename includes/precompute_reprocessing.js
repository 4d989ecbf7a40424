/**
 * Smart reprocessing of phase 4. Every output row stores source_hash: a digest of ALL upstream data_hash values it is
 * built from (the games of its windows, the upstream rows of the same date) plus the model's logic version. A run
 * first writes the entity set of its window to the model's pending table (nba_processing.<model>_pending, in a
 * pre-operation): one row per (entity, date) with the source_hash of the current inputs, whether the entity passes
 * the model's gate, and the status against the stored rows (new, changed, unchanged, failed). The model's query then
 * reads only the new and changed entities; unchanged ones are not recomputed. Post-operations delete rows whose
 * entity no longer passes (or left the slate) and append the counts to nba_processing.reprocessing_stats.
 *
 * The digest of a window of games is order-free and windowable: each data_hash (16 hex) gives two integers (hex
 * digits 1-13 and 4-16, 52 bits each, so a sum over thousands of games fits in INT64); a window's digest is
 * (game count, the two sums). Any changed, added or removed game changes it (collision odds ~2^-100).
 */
const sql = require("./sql.js");
const dates = require("./dates.js");

/** The two integers of a 16-hex data_hash, as SQL expressions. */
function hashInts(column) {
  return [`CAST('0x' || SUBSTR(${column}, 1, 13) AS INT64)`, `CAST('0x' || SUBSTR(${column}, 4, 13) AS INT64)`];
}

/** Three rolling columns <prefix>_n, <prefix>_h1, <prefix>_h2: the digest of the games in `over` (a window clause). */
function rollingDigest(hashColumn, over, prefix) {
  const [a, b] = hashInts(hashColumn);
  return `COUNT(${hashColumn}) ${over} AS ${prefix}_n, SUM(${a}) ${over} AS ${prefix}_h1, SUM(${b}) ${over} AS ${prefix}_h2`;
}

/** The same three columns as an aggregate over a GROUP BY. */
function groupDigest(hashColumn, prefix) {
  const [a, b] = hashInts(hashColumn);
  return `COUNT(${hashColumn}) AS ${prefix}_n, SUM(${a}) AS ${prefix}_h1, SUM(${b}) AS ${prefix}_h2`;
}

/** The digest fields of a rolling digest as data_hash fields (NULL, i.e. no game, encodes as \N). */
function digestFields(prefix) {
  return [
    [`${prefix}_n`, "INT64"],
    [`${prefix}_h1`, "INT64"],
    [`${prefix}_h2`, "INT64"],
  ];
}

/** source_hash: 16 hex over the model's version and the listed upstream fields ([expr, type]). */
function sourceHash(version, fields) {
  return sql.dataHash([[`'${version}'`, "STRING"], ...fields]);
}

/** Columns of every pending table (nba_processing.<model>_pending). */
const PENDING_COLUMNS = [
  ["entity_id", "STRING", "Player lookup or team tricode."],
  ["analysis_date", "DATE", "The date D the row is for."],
  ["source_hash", "STRING", "Digest of the upstream data_hash values the row would be built from."],
  ["status", "STRING", "new, changed, unchanged (skipped) or failed (below the gate: no row)."],
  ["failure_category", "STRING", "INSUFFICIENT_DATA or MISSING_DEPENDENCY when status = failed."],
  ["reason_code", "STRING", "Machine-readable reason when status = failed."],
  ["detail", "STRING", "Human-readable reason when status = failed."],
];

function pendingDdl(table) {
  return `CREATE TABLE IF NOT EXISTS ${table} (${PENDING_COLUMNS.map(([c, t]) => `${c} ${t}`).join(", ")})`;
}

/**
 * Pre-operation statements filling `pending` from `universe` (a SELECT with entity_id, analysis_date, source_hash,
 * passes_gate BOOL, failure_category, reason_code, detail). `previous` is null on a first or full-refresh run (all
 * entities are new), else the model's table (self) with its entity and date column names and its SQLX `ctx` (the
 * same derived window as the universe's when the run has no vars).
 */
function fillPending(pending, universe, previous) {
  const stored = previous
    ? `(SELECT ${previous.entity} AS entity_id, ${previous.date} AS analysis_date, source_hash
        FROM ${previous.table} WHERE ${dates.inWindow(previous.date, previous.ctx, previous.date)})`
    : `(SELECT CAST(NULL AS STRING) AS entity_id, CAST(NULL AS DATE) AS analysis_date, CAST(NULL AS STRING) AS source_hash)`;
  return `
    DELETE FROM ${pending} WHERE TRUE;
    INSERT INTO ${pending} (${PENDING_COLUMNS.map(([c]) => c).join(", ")})
    SELECT
      u.entity_id,
      u.analysis_date,
      u.source_hash,
      CASE
        WHEN NOT u.passes_gate THEN 'failed'
        WHEN p.source_hash IS NULL THEN 'new'
        WHEN p.source_hash <> u.source_hash THEN 'changed'
        ELSE 'unchanged'
      END,
      IF(u.passes_gate, NULL, u.failure_category),
      IF(u.passes_gate, NULL, u.reason_code),
      IF(u.passes_gate, NULL, u.detail)
    FROM (${universe}) AS u
    LEFT JOIN ${stored} AS p ON p.entity_id = u.entity_id AND p.analysis_date = u.analysis_date`;
}

/** The entities to compute in this run (new or changed), as a SELECT of entity_id, analysis_date, source_hash. */
function toCompute(pending) {
  return `SELECT entity_id, analysis_date, source_hash FROM ${pending} WHERE status IN ('new', 'changed')`;
}

/**
 * The dates a run considered, for its post-operations: the vars' window; without vars on an incremental run the
 * derived window the universe used, read back from pending (after the MERGE the table's latest date has moved, so
 * it cannot be derived again); on a first or full-refresh run every date.
 */
function consideredDates(column, pending, incremental) {
  if (dates.hasWindowVars() || !incremental) return dates.inWindow(column);
  return `${column} >= (SELECT MIN(analysis_date) FROM ${pending})`;
}

/**
 * Post-operation statements: delete rows of the window whose entity no longer passes or left the slate, then append
 * this run's counts to reprocessing_stats (its window: the vars, or without vars the dates it considered).
 */
function finishRun({ self, pending, stats, entity, date, processor, incremental }) {
  return `
    DELETE FROM ${self} AS t
    WHERE ${consideredDates(`t.${date}`, pending, incremental)}
      AND NOT EXISTS (
        SELECT 1 FROM ${pending} AS p
        WHERE p.entity_id = t.${entity} AND p.analysis_date = t.${date} AND p.status <> 'failed');
    INSERT INTO ${stats} (processor_name, recorded_at, start_date, end_date, is_incremental, entities_considered,
      entities_recomputed, entities_skipped, entities_failed)
    SELECT
      '${processor}',
      CURRENT_TIMESTAMP(),
      ${dates.hasWindowVars() ? dates.windowStart() : "MIN(analysis_date)"},
      ${dates.hasWindowVars() ? dates.windowEnd() : "MAX(analysis_date)"},
      ${incremental ? "TRUE" : "FALSE"},
      COUNT(*),
      COUNTIF(status IN ('new', 'changed')),
      COUNTIF(status = 'unchanged'),
      COUNTIF(status = 'failed')
    FROM ${pending}`;
}

module.exports = {
  hashInts,
  rollingDigest,
  groupDigest,
  digestFields,
  sourceHash,
  PENDING_COLUMNS,
  pendingDdl,
  fillPending,
  toCompute,
  finishRun,
};
