/**
 * The dialect layer: every SQL construct whose meaning differs between BigQuery and DuckDB goes through one of
 * these macros. With the compile var `engine` = "bigquery" (the default, what production runs) they emit plain
 * BigQuery SQL. With `engine` = "duckdb" (the local runner) they emit calls to `nbap_*` functions: the
 * BigQuery-to-DuckDB transpiler passes unknown function calls through untouched, and the runner defines each
 * `nbap_*` function as a DuckDB macro with BigQuery's semantics (DUCKDB_PRELUDE below). The golden battery in
 * test/engine/dialect.test.ts runs every macro on DuckDB and compares with BigQuery's documented result.
 *
 * Arguments are SQL expressions (strings), written in BigQuery SQL.
 */

function engine() {
  const vars = (typeof dataform !== "undefined" && dataform.projectConfig && dataform.projectConfig.vars) || {};
  const value = vars.engine || "bigquery";
  if (value !== "bigquery" && value !== "duckdb") {
    throw new Error(`vars.engine must be "bigquery" or "duckdb", got "${value}"`);
  }
  return value;
}

const duck = () => engine() === "duckdb";

const DATE_UNITS = ["DAY", "WEEK", "MONTH", "QUARTER", "YEAR"];
function dateUnit(unit) {
  const u = String(unit).toUpperCase();
  if (!DATE_UNITS.includes(u)) throw new Error(`date unit must be one of ${DATE_UNITS.join(", ")}, got "${unit}"`);
  return u;
}

/** TRUE when the regular expression (RE2) matches anywhere in s. */
function regexpContains(s, pattern) {
  return duck() ? `nbap_regexp_contains(${s}, ${pattern})` : `REGEXP_CONTAINS(${s}, ${pattern})`;
}

/** Replaces every match of pattern in s (BigQuery semantics; DuckDB's default replaces the first only). */
function regexpReplace(s, pattern, replacement) {
  return duck()
    ? `nbap_regexp_replace(${s}, ${pattern}, ${replacement})`
    : `REGEXP_REPLACE(${s}, ${pattern}, ${replacement})`;
}

/** String concatenation that is NULL when any part is NULL (DuckDB's concat() skips NULLs). */
function concat(...parts) {
  if (parts.length < 2) throw new Error("sql.concat needs at least two parts");
  return duck() ? `(${parts.map((p) => `(${p})`).join(" || ")})` : `CONCAT(${parts.join(", ")})`;
}

/** Day of week, Sunday = 1 … Saturday = 7 (DuckDB's dayofweek has Sunday = 0). */
function dayOfWeek(d) {
  return duck() ? `nbap_day_of_week(${d})` : `EXTRACT(DAYOFWEEK FROM ${d})`;
}

/** The Sunday on or before d (BigQuery weeks start on Sunday; DuckDB's date_trunc('week') on Monday). */
function weekStart(d) {
  return duck() ? `nbap_week_start(${d})` : `DATE_TRUNC(${d}, WEEK)`;
}

/** d + n units, as a DATE (DuckDB's DATE + INTERVAL is a TIMESTAMP). */
function dateAdd(d, n, unit = "DAY") {
  const u = dateUnit(unit);
  return duck() ? `nbap_date_add(${d}, ${n}, '${u}')` : `DATE_ADD(${d}, INTERVAL ${n} ${u})`;
}

/** d - n units, as a DATE. */
function dateSub(d, n, unit = "DAY") {
  const u = dateUnit(unit);
  return duck() ? `nbap_date_add(${d}, -(${n}), '${u}')` : `DATE_SUB(${d}, INTERVAL ${n} ${u})`;
}

/** x formatted with a fixed number of decimals, e.g. formatFixed("pct", 3) → '0.457'. */
function formatFixed(x, decimals) {
  const n = Number(decimals);
  if (!Number.isInteger(n) || n < 0 || n > 15) throw new Error(`decimals must be an integer 0..15, got ${decimals}`);
  return duck() ? `nbap_format_fixed(${x}, ${n})` : `FORMAT('%.${n}f', ${x})`;
}

/** Exact decimal (BigQuery NUMERIC: 38 digits, 9 after the point; DuckDB's bare DECIMAL is (18,3)). */
function numeric(x) {
  return duck() ? `nbap_numeric(${x})` : `CAST(${x} AS NUMERIC)`;
}

/** FLOAT64 to STRING as BigQuery prints it ('30', not DuckDB's '30.0'). */
function floatToString(x) {
  return duck() ? `nbap_float_to_string(${x})` : `CAST(${x} AS STRING)`;
}

/** FLOAT64 to INT64 rounding half away from zero (BigQuery), not half to even (DuckDB's cast). */
function floatToInt64(x) {
  return duck() ? `nbap_float_to_int64(${x})` : `CAST(ROUND(${x}) AS INT64)`;
}

/** The first n non-NULL values of expr in the given order, as an ARRAY. */
function arrayAggLimit(expr, orderBy, n) {
  const limit = Number(n);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`limit must be a positive integer, got ${n}`);
  return duck()
    ? `nbap_list_head(ARRAY_AGG(${expr} IGNORE NULLS ORDER BY ${orderBy}), ${limit})`
    : `ARRAY_AGG(${expr} IGNORE NULLS ORDER BY ${orderBy} LIMIT ${limit})`;
}

/**
 * A FROM item unnesting an array with each element's zero-based offset: columns `valueAlias`, `offsetAlias`.
 * Use it after a comma or CROSS JOIN, e.g. `FROM t, ${sql.unnestWithOffset("t.xs", "x", "i")}`.
 */
function unnestWithOffset(arrayExpr, valueAlias, offsetAlias) {
  return duck()
    ? `nbap_unnest_with_offset(${arrayExpr}) AS ${valueAlias}_u(${valueAlias}, ${offsetAlias})`
    : `UNNEST(${arrayExpr}) AS ${valueAlias} WITH OFFSET AS ${offsetAlias}`;
}

/** s without diacritics ('Jokić' → 'Jokic'): Unicode NFD, then combining marks removed. */
function stripAccents(s) {
  return duck() ? `nbap_strip_accents(${s})` : `REGEXP_REPLACE(NORMALIZE(${s}, NFD), r'\\p{M}', '')`;
}

const HASH_TYPES = ["STRING", "INT64", "FLOAT64", "NUMERIC", "BOOL", "DATE", "TIMESTAMP"];

/** One field of the data_hash canonical string (DESIGN.md §4), NULL → \N. */
function hashField(expr, type) {
  const t = String(type).toUpperCase();
  let encoded;
  switch (t) {
    case "STRING":
      encoded = `REPLACE(REPLACE(${expr}, CHR(92), CHR(92) || CHR(92)), '|', CHR(92) || '|')`;
      break;
    case "INT64":
    case "BOOL":
    case "DATE":
      encoded = `CAST(${expr} AS STRING)`;
      break;
    case "FLOAT64":
      encoded = duck()
        ? `nbap_hash_float(${expr})`
        : `CASE WHEN IS_NAN(${expr}) THEN 'NaN' WHEN IS_INF(${expr}) THEN IF(${expr} > 0, 'Inf', '-Inf') ` +
          `ELSE CAST(CAST(ROUND(${expr} * 1e6) AS INT64) AS STRING) END`;
      break;
    case "NUMERIC":
      encoded = duck() ? `nbap_hash_numeric(${expr})` : `CAST(${expr} AS STRING)`;
      break;
    case "TIMESTAMP":
      encoded = duck() ? `nbap_unix_micros(${expr})` : `CAST(UNIX_MICROS(${expr}) AS STRING)`;
      break;
    default:
      throw new Error(`data_hash field type must be one of ${HASH_TYPES.join(", ")}, got "${type}"`);
  }
  return `COALESCE(${encoded}, CHR(92) || 'N')`;
}

/**
 * parts joined by '|' as a balanced tree of `||`: the same string as a left-deep chain, but each character is copied
 * O(log n) times instead of O(n) (a 60-field left-deep chain made DuckDB's hash of the feature store ~5x slower).
 */
function balancedConcat(parts) {
  if (parts.length === 1) return parts[0];
  const mid = Math.ceil(parts.length / 2);
  return `(${balancedConcat(parts.slice(0, mid))} || '|' || ${balancedConcat(parts.slice(mid))})`;
}

/**
 * data_hash: first 16 lowercase hex chars of SHA-256 over the canonical string of the fields, in order, joined
 * by '|'. fields: array of [expression, type] with type one of HASH_TYPES. ts/engine/data-hash.ts implements the
 * same canonical form so tests can check every row.
 */
function dataHash(fields) {
  if (!Array.isArray(fields) || fields.length === 0) throw new Error("sql.dataHash needs a non-empty field list");
  const canonical = balancedConcat(fields.map(([expr, type]) => hashField(expr, type)));
  return duck() ? `nbap_hash16(${canonical})` : `SUBSTR(TO_HEX(SHA256(${canonical})), 1, 16)`;
}

/**
 * DuckDB definitions of the nbap_* functions, created by the local runner before any action runs. Each has the
 * BigQuery semantics of the macro that emits it.
 */
const DUCKDB_PRELUDE = [
  "CREATE OR REPLACE MACRO nbap_regexp_contains(s, p) AS regexp_matches(s, p)",
  "CREATE OR REPLACE MACRO nbap_regexp_replace(s, p, r) AS regexp_replace(s, p, r, 'g')",
  "CREATE OR REPLACE MACRO nbap_day_of_week(d) AS CAST(dayofweek(d) + 1 AS BIGINT)",
  "CREATE OR REPLACE MACRO nbap_week_start(d) AS CAST(CAST(d AS DATE) - CAST(dayofweek(d) AS INTEGER) AS DATE)",
  `CREATE OR REPLACE MACRO nbap_date_add(d, n, u) AS CAST(CASE u
     WHEN 'DAY' THEN CAST(d AS DATE) + to_days(CAST(n AS INTEGER))
     WHEN 'WEEK' THEN CAST(d AS DATE) + to_days(CAST(n AS INTEGER) * 7)
     WHEN 'MONTH' THEN CAST(d AS DATE) + to_months(CAST(n AS INTEGER))
     WHEN 'QUARTER' THEN CAST(d AS DATE) + to_months(CAST(n AS INTEGER) * 3)
     WHEN 'YEAR' THEN CAST(d AS DATE) + to_years(CAST(n AS INTEGER)) END AS DATE)`,
  "CREATE OR REPLACE MACRO nbap_format_fixed(x, n) AS printf('%.' || CAST(n AS VARCHAR) || 'f', CAST(x AS DOUBLE))",
  "CREATE OR REPLACE MACRO nbap_numeric(x) AS CAST(x AS DECIMAL(38, 9))",
  `CREATE OR REPLACE MACRO nbap_float_to_string(x) AS CASE
     WHEN isnan(CAST(x AS DOUBLE)) THEN 'nan'
     WHEN isinf(CAST(x AS DOUBLE)) THEN CASE WHEN x > 0 THEN 'inf' ELSE '-inf' END
     WHEN CAST(x AS DOUBLE) = trunc(CAST(x AS DOUBLE)) AND abs(CAST(x AS DOUBLE)) < 1e15
       THEN CAST(CAST(x AS BIGINT) AS VARCHAR)
     ELSE CAST(CAST(x AS DOUBLE) AS VARCHAR) END`,
  "CREATE OR REPLACE MACRO nbap_float_to_int64(x) AS CAST(round(CAST(x AS DOUBLE)) AS BIGINT)",
  "CREATE OR REPLACE MACRO nbap_list_head(l, n) AS list_slice(l, 1, n)",
  `CREATE OR REPLACE MACRO nbap_unnest_with_offset(l) AS TABLE
     SELECT unnest(l) AS value, unnest(range(CAST(len(l) AS BIGINT))) AS offset`,
  "CREATE OR REPLACE MACRO nbap_strip_accents(s) AS strip_accents(s)",
  `CREATE OR REPLACE MACRO nbap_hash_float(x) AS CASE
     WHEN isnan(CAST(x AS DOUBLE)) THEN 'NaN'
     WHEN isinf(CAST(x AS DOUBLE)) THEN CASE WHEN x > 0 THEN 'Inf' ELSE '-Inf' END
     ELSE CAST(CAST(round(CAST(x AS DOUBLE) * 1e6) AS BIGINT) AS VARCHAR) END`,
  `CREATE OR REPLACE MACRO nbap_hash_numeric(x) AS CASE
     WHEN CAST(x AS DECIMAL(38, 9)) = 0 THEN '0'
     WHEN CAST(x AS DECIMAL(38, 9)) = trunc(CAST(x AS DECIMAL(38, 9))) THEN CAST(CAST(x AS HUGEINT) AS VARCHAR)
     ELSE rtrim(CAST(CAST(x AS DECIMAL(38, 9)) AS VARCHAR), '0') END`,
  "CREATE OR REPLACE MACRO nbap_unix_micros(ts) AS CAST(epoch_us(CAST(ts AS TIMESTAMP)) AS VARCHAR)",
  "CREATE OR REPLACE MACRO nbap_hash16(s) AS substr(sha256(s), 1, 16)",
];

module.exports = {
  engine,
  regexpContains,
  regexpReplace,
  concat,
  dayOfWeek,
  weekStart,
  dateAdd,
  dateSub,
  formatFixed,
  numeric,
  floatToString,
  floatToInt64,
  arrayAggLimit,
  unnestWithOffset,
  stripAccents,
  dataHash,
  HASH_TYPES,
  DUCKDB_PRELUDE,
};
