/**
 * DuckDB macros with BigQuery's semantics, created by the local runner before any action runs. The allowlist's
 * translations (ts/engine/dialect/signatures.ts) emit calls to them; the transpiler passes unknown function
 * calls through untouched, which is why they all carry the nbap_ prefix.
 */
import { jsonMacros } from "./json-string.ts";
import { raisingMacros, safeName, safeTwins } from "./safe-macros.ts";

const MACROS: string[] = [
  "CREATE OR REPLACE MACRO nbap_divide(a, b) AS CASE WHEN CAST(b AS DOUBLE) = 0 THEN error('division by zero: ' || CAST(a AS VARCHAR) || ' / 0') ELSE CAST(a AS DOUBLE) / CAST(b AS DOUBLE) END",
  "CREATE OR REPLACE MACRO nbap_ieee_divide(a, b) AS CASE WHEN CAST(b AS DOUBLE) <> 0 OR isnan(CAST(b AS DOUBLE)) THEN CAST(a AS DOUBLE) / CAST(b AS DOUBLE) WHEN a > 0 THEN CAST('inf' AS DOUBLE) WHEN a < 0 THEN CAST('-inf' AS DOUBLE) ELSE CAST('nan' AS DOUBLE) END",
  "CREATE OR REPLACE MACRO nbap_div(a, b) AS CASE WHEN b = 0 THEN error('division by zero: ' || CAST(a AS VARCHAR) || ' / 0') ELSE CAST(sign(a) * sign(b) * (abs(a) // abs(b)) AS BIGINT) END",
  "CREATE OR REPLACE MACRO nbap_mod(a, b) AS CASE WHEN b = 0 THEN error('division by zero: ' || CAST(a AS VARCHAR) || ' / 0') ELSE a % b END",
  "CREATE OR REPLACE MACRO nbap_int64(x) AS CAST(x AS BIGINT)",
  "CREATE OR REPLACE MACRO nbap_float64(x) AS CAST(x AS DOUBLE)",
  "CREATE OR REPLACE MACRO nbap_numeric(x) AS CAST(x AS DECIMAL(38, 9))",
  "CREATE OR REPLACE MACRO nbap_like(s, p) AS s LIKE p ESCAPE '\\'",
  "CREATE OR REPLACE MACRO nbap_regexp_contains(s, p) AS regexp_matches(s, p)",
  "CREATE OR REPLACE MACRO nbap_regexp_replace(s, p, r) AS regexp_replace(s, p, r, 'g')",
  "CREATE OR REPLACE MACRO nbap_regexp_extract(s, p, g) AS CASE WHEN regexp_matches(s, p) THEN regexp_extract(s, p, g) END",
  "CREATE OR REPLACE MACRO nbap_trim(s) AS regexp_replace(s, '^\\s+|\\s+$', '', 'g')",
  "CREATE OR REPLACE MACRO nbap_ltrim(s) AS regexp_replace(s, '^\\s+', '')",
  "CREATE OR REPLACE MACRO nbap_rtrim(s) AS regexp_replace(s, '\\s+$', '')",
  "CREATE OR REPLACE MACRO nbap_substr(s, p) AS substring(s, CASE WHEN p = 0 THEN 1 WHEN p < 0 THEN greatest(length(s) + p + 1, 1) ELSE p END)",
  "CREATE OR REPLACE MACRO nbap_substr3(s, p, l) AS CASE WHEN l < 0 THEN error('SUBSTR: negative length') ELSE substring(s, CASE WHEN p = 0 THEN 1 WHEN p < 0 THEN greatest(length(s) + p + 1, 1) ELSE p END, l) END",
  "CREATE OR REPLACE MACRO nbap_split(s, d) AS CASE WHEN s = '' THEN [''] ELSE string_split(s, d) END",
  "CREATE OR REPLACE MACRO nbap_strip_accents(s) AS strip_accents(s)",
  // DuckDB's lpad, rpad and chr take a 32-bit INTEGER, which a BIGINT does not cast to implicitly.
  "CREATE OR REPLACE MACRO nbap_lpad(s, n, p) AS lpad(s, CAST(n AS INTEGER), p)",
  "CREATE OR REPLACE MACRO nbap_rpad(s, n, p) AS rpad(s, CAST(n AS INTEGER), p)",
  "CREATE OR REPLACE MACRO nbap_chr(n) AS chr(CAST(n AS INTEGER))",
  "CREATE OR REPLACE MACRO nbap_initcap(s) AS list_aggr(list_transform(regexp_split_to_array(lower(s), ' '), w -> upper(left(w, 1)) || substring(w, 2)), 'string_agg', ' ')",
  "CREATE OR REPLACE MACRO nbap_day_of_week(d) AS CAST(dayofweek(d) + 1 AS BIGINT)",
  "CREATE OR REPLACE MACRO nbap_week_start(d) AS CAST(CAST(d AS DATE) - CAST(dayofweek(d) AS INTEGER) AS DATE)",
  "CREATE OR REPLACE MACRO nbap_date_trunc(d, part) AS CAST(date_trunc(part, CAST(d AS DATE)) AS DATE)",
  "CREATE OR REPLACE MACRO nbap_date_part(part, d) AS CAST(date_part(part, d) AS BIGINT)",
  "CREATE OR REPLACE MACRO nbap_week_number(d) AS CAST(strftime(CAST(d AS DATE), '%U') AS BIGINT)",
  `CREATE OR REPLACE MACRO nbap_date_add(d, n, u) AS CAST(CASE u
     WHEN 'DAY' THEN CAST(d AS DATE) + to_days(CAST(n AS INTEGER))
     WHEN 'WEEK' THEN CAST(d AS DATE) + to_days(CAST(n AS INTEGER) * 7)
     WHEN 'MONTH' THEN CAST(d AS DATE) + to_months(CAST(n AS INTEGER))
     WHEN 'QUARTER' THEN CAST(d AS DATE) + to_months(CAST(n AS INTEGER) * 3)
     WHEN 'YEAR' THEN CAST(d AS DATE) + to_years(CAST(n AS INTEGER)) END AS DATE)`,
  "CREATE OR REPLACE MACRO nbap_date_diff_week(a, b) AS CAST((nbap_week_start(a) - nbap_week_start(b)) / 7 AS BIGINT)",
  "CREATE OR REPLACE MACRO nbap_last_day(d, part) AS CAST(date_trunc(part, CAST(d AS DATE)) + CAST('1 ' || part AS INTERVAL) - INTERVAL 1 DAY AS DATE)",
  "CREATE OR REPLACE MACRO nbap_last_day_week(d) AS CAST(nbap_week_start(d) + 6 AS DATE)",
  "CREATE OR REPLACE MACRO nbap_make_date(y, m, d) AS make_date(CAST(y AS BIGINT), CAST(m AS BIGINT), CAST(d AS BIGINT))",
  "CREATE OR REPLACE MACRO nbap_ts_date(ts) AS CAST(timezone('UTC', CAST(ts AS TIMESTAMPTZ)) AS DATE)",
  "CREATE OR REPLACE MACRO nbap_ts_date_tz(ts, tz) AS CAST(timezone(tz, CAST(ts AS TIMESTAMPTZ)) AS DATE)",
  "CREATE OR REPLACE MACRO nbap_timestamp_diff(a, b, unit_us) AS CAST(sign(epoch_us(CAST(a AS TIMESTAMPTZ)) - epoch_us(CAST(b AS TIMESTAMPTZ))) * (abs(epoch_us(CAST(a AS TIMESTAMPTZ)) - epoch_us(CAST(b AS TIMESTAMPTZ))) // unit_us) AS BIGINT)",
  "CREATE OR REPLACE MACRO nbap_timestamp_add(ts, n, unit_us) AS CAST(ts AS TIMESTAMPTZ) + to_microseconds(CAST(n AS BIGINT) * unit_us)",
  "CREATE OR REPLACE MACRO nbap_unix_date(d) AS CAST(date_diff('day', DATE '1970-01-01', CAST(d AS DATE)) AS BIGINT)",
  `CREATE OR REPLACE MACRO nbap_timestamp_to_string(ts) AS
     strftime(timezone('UTC', CAST(ts AS TIMESTAMPTZ)), '%Y-%m-%d %H:%M:%S') ||
     CASE WHEN (epoch_us(CAST(ts AS TIMESTAMPTZ)) % 1000000 + 1000000) % 1000000 = 0 THEN ''
          WHEN (epoch_us(CAST(ts AS TIMESTAMPTZ)) % 1000 + 1000) % 1000 = 0
            THEN '.' || lpad(CAST((epoch_us(CAST(ts AS TIMESTAMPTZ)) % 1000000 + 1000000) % 1000000 // 1000 AS VARCHAR), 3, '0')
          ELSE '.' || lpad(CAST((epoch_us(CAST(ts AS TIMESTAMPTZ)) % 1000000 + 1000000) % 1000000 AS VARCHAR), 6, '0') END || '+00'`,
  "CREATE OR REPLACE MACRO nbap_unix_micros(ts) AS epoch_us(CAST(ts AS TIMESTAMPTZ))",
  "CREATE OR REPLACE MACRO nbap_unix_seconds(ts) AS CAST(floor(epoch_us(CAST(ts AS TIMESTAMPTZ)) / 1000000) AS BIGINT)",
  "CREATE OR REPLACE MACRO nbap_timestamp_micros(n) AS make_timestamptz(CAST(n AS BIGINT))",
  "CREATE OR REPLACE MACRO nbap_array_at_offset(a, i) AS CASE WHEN i < 0 OR i >= len(a) THEN error('Array index ' || CAST(i AS VARCHAR) || ' is out of bounds') ELSE a[i + 1] END",
  "CREATE OR REPLACE MACRO nbap_safe_array_at_offset(a, i) AS CASE WHEN i >= 0 AND i < len(a) THEN a[i + 1] END",
  "CREATE OR REPLACE MACRO nbap_array_concat(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE list_concat(a, b) END",
  "CREATE OR REPLACE MACRO nbap_array_length(a) AS CAST(len(a) AS BIGINT)",
  "CREATE OR REPLACE MACRO nbap_array_reverse(a) AS list_reverse(a)",
  "CREATE OR REPLACE MACRO nbap_generate_array(a, b) AS generate_series(CAST(a AS BIGINT), CAST(b AS BIGINT))",
  "CREATE OR REPLACE MACRO nbap_list_no_nulls(l) AS CASE WHEN list_contains(list_transform(l, v -> v IS NULL), true) THEN error('Array cannot have a null element; ARRAY_AGG needs IGNORE NULLS') ELSE l END",
  "CREATE OR REPLACE MACRO nbap_list_drop_nulls(l) AS list_filter(l, v -> v IS NOT NULL)",
  "CREATE OR REPLACE MACRO nbap_list_head(l, n) AS list_slice(l, 1, n)",
  "CREATE OR REPLACE MACRO nbap_max_by(x, y) AS arg_max(x, y)",
  "CREATE OR REPLACE MACRO nbap_min_by(x, y) AS arg_min(x, y)",
  "CREATE OR REPLACE MACRO nbap_format_fixed(x, n) AS printf('%.' || CAST(n AS VARCHAR) || 'f', CAST(x AS DOUBLE))",
  `CREATE OR REPLACE MACRO nbap_float_to_string(x) AS CASE
     WHEN isnan(CAST(x AS DOUBLE)) THEN 'nan'
     WHEN isinf(CAST(x AS DOUBLE)) THEN CASE WHEN x > 0 THEN 'inf' ELSE '-inf' END
     WHEN CAST(x AS DOUBLE) = trunc(CAST(x AS DOUBLE)) AND abs(CAST(x AS DOUBLE)) < 1e15
       THEN CAST(CAST(x AS BIGINT) AS VARCHAR)
     ELSE CAST(CAST(x AS DOUBLE) AS VARCHAR) END`,
  "CREATE OR REPLACE MACRO nbap_float_to_int64(x) AS CAST(round(CAST(x AS DOUBLE)) AS BIGINT)",
  // BigQuery reads decimal and 0x-prefixed hexadecimal integers, signed, surrounding spaces ignored.
  `CREATE OR REPLACE MACRO nbap_parse_int64(s) AS CASE
     WHEN regexp_full_match(trim(s), '[+-]?[0-9]+') THEN CAST(trim(s) AS BIGINT)
     WHEN regexp_full_match(trim(s), '[+-]?0[xX][0-9a-fA-F]+')
       THEN CASE WHEN starts_with(trim(s), '-') THEN -1 ELSE 1 END * CAST('0x' || regexp_extract(trim(s), '0[xX]([0-9a-fA-F]+)', 1) AS BIGINT) END`,
  `CREATE OR REPLACE MACRO nbap_string_to_int64(s) AS CASE
     WHEN s IS NULL THEN NULL
     WHEN regexp_full_match(trim(s), '[+-]?([0-9]+|0[xX][0-9a-fA-F]+)') THEN nbap_parse_int64(s)
     ELSE error('Bad int64 value: ' || s) END`,
  "CREATE OR REPLACE MACRO nbap_safe_string_to_int64(s) AS TRY(nbap_parse_int64(s))",
  `CREATE OR REPLACE MACRO nbap_numeric_to_string(x) AS CASE
     WHEN CAST(x AS DECIMAL(38, 9)) = 0 THEN '0'
     WHEN CAST(x AS DECIMAL(38, 9)) = trunc(CAST(x AS DECIMAL(38, 9))) THEN CAST(CAST(x AS HUGEINT) AS VARCHAR)
     ELSE rtrim(CAST(CAST(x AS DECIMAL(38, 9)) AS VARCHAR), '0') END`,
  "CREATE OR REPLACE MACRO nbap_is_nan(x) AS isnan(CAST(x AS DOUBLE))",
  "CREATE OR REPLACE MACRO nbap_is_inf(x) AS isinf(CAST(x AS DOUBLE))",
  "CREATE OR REPLACE MACRO nbap_sqrt(x) AS CASE WHEN x < 0 THEN error('Argument to SQRT cannot be negative: ' || CAST(x AS VARCHAR)) ELSE sqrt(x) END",
  "CREATE OR REPLACE MACRO nbap_ln(x) AS CASE WHEN x <= 0 THEN error('Argument to LN must be positive: ' || CAST(x AS VARCHAR)) ELSE ln(x) END",
  "CREATE OR REPLACE MACRO nbap_log10(x) AS CASE WHEN x <= 0 THEN error('Argument to LOG10 must be positive: ' || CAST(x AS VARCHAR)) ELSE log10(x) END",
  "CREATE OR REPLACE MACRO nbap_md5(s) AS unhex(md5(s))",
  "CREATE OR REPLACE MACRO nbap_sha1(s) AS unhex(sha1(s))",
  "CREATE OR REPLACE MACRO nbap_sha256(s) AS unhex(sha256(s))",
  "CREATE OR REPLACE MACRO nbap_to_hex(b) AS lower(hex(b))",
  "CREATE OR REPLACE MACRO nbap_json_value(j, p) AS CASE WHEN json_type(CAST(j AS JSON), p) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(CAST(j AS JSON), p) END",
  "CREATE OR REPLACE MACRO nbap_json_query(j, p) AS CAST(json_extract(CAST(j AS JSON), p) AS VARCHAR)",
  "CREATE OR REPLACE MACRO nbap_unnest_with_offset(l) AS TABLE SELECT unnest(l) AS value, unnest(range(CAST(len(l) AS BIGINT))) AS offset",
  "CREATE OR REPLACE MACRO nbap_uuid() AS CAST(gen_random_uuid() AS VARCHAR)",
  // Timestamps are truncated, formatted and parsed on the wall clock of the time zone given (UTC by default).
  "CREATE OR REPLACE MACRO nbap_timestamp_trunc(ts, part, tz) AS timezone(tz, date_trunc(part, timezone(tz, CAST(ts AS TIMESTAMPTZ))))",
  "CREATE OR REPLACE MACRO nbap_timestamp_trunc_week(ts, tz) AS timezone(tz, CAST(nbap_week_start(CAST(timezone(tz, CAST(ts AS TIMESTAMPTZ)) AS DATE)) AS TIMESTAMP))",
  "CREATE OR REPLACE MACRO nbap_format_timestamp(fmt, ts, tz) AS strftime(timezone(tz, CAST(ts AS TIMESTAMPTZ)), fmt)",
  "CREATE OR REPLACE MACRO nbap_parse_timestamp(fmt, s, tz) AS timezone(tz, strptime(s, fmt))",
  "CREATE OR REPLACE MACRO nbap_regexp_extract_all(s, p, g) AS regexp_extract_all(s, p, g)",
  // NUMERIC is DECIMAL(38, 9); results are rounded half away from zero to 9 decimals, as BigQuery rounds them.
  "CREATE OR REPLACE MACRO nbap_numeric_mul(a, b) AS CAST(CAST(a AS DECIMAL(38, 9)) * CAST(b AS DECIMAL(38, 9)) AS DECIMAL(38, 9))",
  "CREATE OR REPLACE MACRO nbap_numeric_units(x) AS CAST(CAST(x AS DECIMAL(38, 9)) * 1000000000 AS HUGEINT)",
  `CREATE OR REPLACE MACRO nbap_numeric_div(a, b) AS CASE
     WHEN nbap_numeric_units(b) = 0 THEN error('division by zero: ' || CAST(a AS VARCHAR) || ' / 0')
     ELSE CAST(sign(nbap_numeric_units(a)) * sign(nbap_numeric_units(b))
            * ((abs(nbap_numeric_units(a)) * 2000000000 + abs(nbap_numeric_units(b))) // (2 * abs(nbap_numeric_units(b))))
          AS DECIMAL(38, 0)) * CAST('0.000000001' AS DECIMAL(38, 9)) END`,
  ...jsonMacros(),
];

/** The macros, then the SAFE. twins of those that raise (ts/engine/dialect/safe-macros.ts). */
export const DUCKDB_PRELUDE: string[] = [...MACROS, ...safeTwins(MACROS)];

const RAISING = raisingMacros(MACROS);
/** The SAFE. version of a prelude macro that raises; undefined for one that does not. */
export const safeMacro = (name: string): string | undefined => (RAISING.has(name) ? safeName(name) : undefined);
