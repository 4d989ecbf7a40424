/**
 * Shared SQL fragments of this project, in BigQuery SQL (arguments are SQL expressions, as strings). They emit the
 * same SQL for every engine: the local engine runs what BigQuery would run, through its allowlist of supported
 * signatures (ts/engine/dialect/signatures.ts), so no macro needs a DuckDB form. They stay because they name an
 * idea once (data_hash's canonical form, the Sunday week start, accent stripping) and keep models short.
 */

const DATE_UNITS = ["DAY", "WEEK", "MONTH", "QUARTER", "YEAR"];
function dateUnit(unit) {
  const u = String(unit).toUpperCase();
  if (!DATE_UNITS.includes(u)) throw new Error(`date unit must be one of ${DATE_UNITS.join(", ")}, got "${unit}"`);
  return u;
}

/** TRUE when the regular expression (RE2) matches anywhere in s. */
function regexpContains(s, pattern) {
  return `REGEXP_CONTAINS(${s}, ${pattern})`;
}

/** Replaces every match of pattern in s (BigQuery semantics; DuckDB's default replaces the first only). */
function regexpReplace(s, pattern, replacement) {
  return `REGEXP_REPLACE(${s}, ${pattern}, ${replacement})`;
}

/** String concatenation that is NULL when any part is NULL (DuckDB's concat() skips NULLs). */
function concat(...parts) {
  if (parts.length < 2) throw new Error("sql.concat needs at least two parts");
  return `CONCAT(${parts.join(", ")})`;
}

/** Day of week, Sunday = 1 … Saturday = 7 (DuckDB's dayofweek has Sunday = 0). */
function dayOfWeek(d) {
  return `EXTRACT(DAYOFWEEK FROM ${d})`;
}

/** The Sunday on or before d (BigQuery weeks start on Sunday; DuckDB's date_trunc('week') on Monday). */
function weekStart(d) {
  return `DATE_TRUNC(${d}, WEEK)`;
}

/** d + n units, as a DATE (DuckDB's DATE + INTERVAL is a TIMESTAMP). */
function dateAdd(d, n, unit = "DAY") {
  const u = dateUnit(unit);
  return `DATE_ADD(${d}, INTERVAL ${n} ${u})`;
}

/** d - n units, as a DATE. */
function dateSub(d, n, unit = "DAY") {
  const u = dateUnit(unit);
  return `DATE_SUB(${d}, INTERVAL ${n} ${u})`;
}

/** x formatted with a fixed number of decimals, e.g. formatFixed("pct", 3) → '0.457'. */
function formatFixed(x, decimals) {
  const n = Number(decimals);
  if (!Number.isInteger(n) || n < 0 || n > 15) throw new Error(`decimals must be an integer 0..15, got ${decimals}`);
  return `FORMAT('%.${n}f', ${x})`;
}

/** Exact decimal (BigQuery NUMERIC: 38 digits, 9 after the point; DuckDB's bare DECIMAL is (18,3)). */
function numeric(x) {
  return `CAST(${x} AS NUMERIC)`;
}

/** FLOAT64 to STRING as BigQuery prints it ('30', not DuckDB's '30.0'). */
function floatToString(x) {
  return `CAST(${x} AS STRING)`;
}

/** FLOAT64 to INT64 rounding half away from zero (BigQuery), not half to even (DuckDB's cast). */
function floatToInt64(x) {
  return `CAST(ROUND(${x}) AS INT64)`;
}

/** The first n non-NULL values of expr in the given order, as an ARRAY. */
function arrayAggLimit(expr, orderBy, n) {
  const limit = Number(n);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`limit must be a positive integer, got ${n}`);
  return `ARRAY_AGG(${expr} IGNORE NULLS ORDER BY ${orderBy} LIMIT ${limit})`;
}

/**
 * A FROM item unnesting an array with each element's zero-based offset: columns `valueAlias`, `offsetAlias`.
 * Use it after a comma or CROSS JOIN, e.g. `FROM t, ${sql.unnestWithOffset("t.xs", "x", "i")}`.
 */
function unnestWithOffset(arrayExpr, valueAlias, offsetAlias) {
  return `UNNEST(${arrayExpr}) AS ${valueAlias} WITH OFFSET AS ${offsetAlias}`;
}

/** s without diacritics ('Jokić' → 'Jokic'): Unicode NFD, then combining marks removed. */
function stripAccents(s) {
  return `REGEXP_REPLACE(NORMALIZE(${s}, NFD), r'\\p{M}', '')`;
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
      encoded =
        `CASE WHEN IS_NAN(${expr}) THEN 'NaN' WHEN IS_INF(${expr}) THEN IF(${expr} > 0, 'Inf', '-Inf') ` +
        `ELSE CAST(CAST(ROUND(${expr} * 1e6) AS INT64) AS STRING) END`;
      break;
    case "NUMERIC":
      encoded = `CAST(${expr} AS STRING)`;
      break;
    case "TIMESTAMP":
      encoded = `CAST(UNIX_MICROS(${expr}) AS STRING)`;
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
  return `SUBSTR(TO_HEX(SHA256(${canonical})), 1, 16)`;
}

module.exports = {
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
};
