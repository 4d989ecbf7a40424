import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { duckDbPrelude, withEngine, type SqlMacros } from "../../ts/engine/dialect.ts";
import { DialectError, toDuckDb } from "../../ts/engine/to-duckdb.ts";
import { dataHash } from "../../ts/engine/data-hash.ts";

/**
 * The golden battery: each construct the project may use, written in BigQuery SQL (through its macro where it has
 * one), sent through the runner's own path (duckdb-mode macros → toDuckDb → DuckDB with the prelude) and compared
 * with the result BigQuery gives (from BigQuery's documentation of each function).
 */
type Macro = (...args: unknown[]) => string;
const m = (sql: SqlMacros, name: string) => sql[name] as Macro;

interface Case {
  name: string;
  expr: (sql: SqlMacros) => string;
  bigquery: unknown;
  from?: string;
}

const CASES: Case[] = [
  // Constructs that need a macro.
  { name: "regexpContains finds a substring match", expr: (s) => m(s, "regexpContains")("'LeBron James'", "r'Bron'"), bigquery: true },
  { name: "regexpContains anchors", expr: (s) => m(s, "regexpContains")("'LeBron James'", "r'^James'"), bigquery: false },
  { name: "regexpReplace replaces every match", expr: (s) => m(s, "regexpReplace")("'a.b.c'", "r'\\.'", "'-'"), bigquery: "a-b-c" },
  { name: "regexpReplace with a group", expr: (s) => m(s, "regexpReplace")("'Jr. Smith Jr.'", "r'(Jr)\\.'", "r'\\1'"), bigquery: "Jr Smith Jr" },
  { name: "concat with NULL is NULL", expr: (s) => m(s, "concat")("'a'", "CAST(NULL AS STRING)"), bigquery: null },
  { name: "concat of three parts", expr: (s) => m(s, "concat")("'a'", "'b'", "'c'"), bigquery: "abc" },
  { name: "dayOfWeek of a Sunday is 1", expr: (s) => m(s, "dayOfWeek")("DATE '2024-01-07'"), bigquery: 1 },
  { name: "dayOfWeek of a Saturday is 7", expr: (s) => m(s, "dayOfWeek")("DATE '2024-01-06'"), bigquery: 7 },
  { name: "weekStart of a Wednesday is the Sunday before", expr: (s) => `CAST(${m(s, "weekStart")("DATE '2024-01-10'")} AS STRING)`, bigquery: "2024-01-07" },
  { name: "weekStart of a Sunday is itself", expr: (s) => `CAST(${m(s, "weekStart")("DATE '2024-01-07'")} AS STRING)`, bigquery: "2024-01-07" },
  { name: "dateAdd days stays a DATE", expr: (s) => `CAST(${m(s, "dateAdd")("DATE '2024-02-27'", 3, "DAY")} AS STRING)`, bigquery: "2024-03-01" },
  { name: "dateAdd month clamps to month end", expr: (s) => `CAST(${m(s, "dateAdd")("DATE '2024-01-31'", 1, "MONTH")} AS STRING)`, bigquery: "2024-02-29" },
  { name: "dateSub days", expr: (s) => `CAST(${m(s, "dateSub")("DATE '2024-03-01'", 1, "DAY")} AS STRING)`, bigquery: "2024-02-29" },
  { name: "dateSub of a column expression", expr: (s) => `CAST(${m(s, "dateSub")("DATE '2024-03-10'", "2 + 5", "DAY")} AS STRING)`, bigquery: "2024-03-03" },
  { name: "formatFixed rounds to 3 decimals", expr: (s) => m(s, "formatFixed")("0.45678", 3), bigquery: "0.457" },
  { name: "formatFixed with zero decimals", expr: (s) => m(s, "formatFixed")("12.5", 0), bigquery: "12" },
  { name: "numeric keeps 9 decimals", expr: (s) => `CAST(${m(s, "numeric")("'1.123456789'")} AS STRING)`, bigquery: "1.123456789" },
  { name: "floatToString of an integral float", expr: (s) => m(s, "floatToString")("CAST(30 AS FLOAT64)"), bigquery: "30" },
  { name: "floatToString of a fraction", expr: (s) => m(s, "floatToString")("CAST(0.1 AS FLOAT64)"), bigquery: "0.1" },
  { name: "floatToInt64 rounds half away from zero", expr: (s) => m(s, "floatToInt64")("CAST(2.5 AS FLOAT64)"), bigquery: 3 },
  { name: "floatToInt64 of a negative half", expr: (s) => m(s, "floatToInt64")("CAST(-2.5 AS FLOAT64)"), bigquery: -3 },
  { name: "stripAccents", expr: (s) => m(s, "stripAccents")("'Nikola Jokić Dončić'"), bigquery: "Nikola Jokic Doncic" },
  {
    name: "arrayAggLimit keeps the first n non-NULL in order",
    expr: (s) => `ARRAY_TO_STRING(${m(s, "arrayAggLimit")("CAST(x AS STRING)", "x DESC", 2)}, ',')`,
    from: "FROM UNNEST([3, 1, NULL, 2]) AS x",
    bigquery: "3,2",
  },
  {
    name: "unnestWithOffset gives zero-based offsets",
    expr: (s) => `STRING_AGG(CONCAT_WS_PLACEHOLDER, ',' ORDER BY i)`.replace("CONCAT_WS_PLACEHOLDER", `${m(s, "concat")("v", "':'", "CAST(i AS STRING)")}`),
    from: "",
    bigquery: "a:0,b:1,c:2",
  },
  // Portable constructs the transpiler translates (the battery is its contract).
  { name: "SAFE_DIVIDE by zero is NULL", expr: () => "SAFE_DIVIDE(1, 0)", bigquery: null },
  { name: "SAFE_DIVIDE", expr: () => "SAFE_DIVIDE(3, 4)", bigquery: 0.75 },
  { name: "INT64 / INT64 is FLOAT64", expr: () => "7 / 2", bigquery: 3.5 },
  { name: "DIV truncates", expr: () => "DIV(7, 2)", bigquery: 3 },
  { name: "ROUND half away from zero", expr: () => "ROUND(2.5)", bigquery: 3 },
  { name: "ROUND to 1 decimal", expr: () => "ROUND(-1.25, 1)", bigquery: -1.3 },
  { name: "IFNULL", expr: () => "IFNULL(NULL, 5)", bigquery: 5 },
  { name: "IF", expr: () => "IF(1 > 2, 'a', 'b')", bigquery: "b" },
  { name: "DATE_DIFF in days", expr: () => "DATE_DIFF(DATE '2024-03-01', DATE '2024-02-27', DAY)", bigquery: 3 },
  { name: "CAST INT64 AS STRING", expr: () => "CAST(42 AS STRING)", bigquery: "42" },
  { name: "CAST DATE AS STRING", expr: () => "CAST(DATE '2024-01-02' AS STRING)", bigquery: "2024-01-02" },
  { name: "CAST BOOL AS STRING", expr: () => "CAST(TRUE AS STRING)", bigquery: "true" },
  { name: "SAFE_CAST of garbage is NULL", expr: () => "SAFE_CAST('x' AS INT64)", bigquery: null },
  { name: "string literal escapes", expr: () => "'a\\\\b'", bigquery: "a\\b" },
  { name: "raw string literal", expr: () => "r'a\\d'", bigquery: "a\\d" },
  { name: "|| with NULL is NULL", expr: () => "'a' || CAST(NULL AS STRING)", bigquery: null },
  { name: "GREATEST with NULL is NULL", expr: () => "GREATEST(1, NULL, 3)", bigquery: null },
  { name: "CHR(92) is a backslash", expr: () => "CHR(92)", bigquery: "\\" },
  { name: "TO_HEX(SHA256())", expr: () => "TO_HEX(SHA256('abc'))", bigquery: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
  { name: "SUBSTR", expr: () => "SUBSTR('abcdef', 2, 3)", bigquery: "bcd" },
  { name: "PARSE_DATE", expr: () => "CAST(PARSE_DATE('%Y%m%d', '20240105') AS STRING)", bigquery: "2024-01-05" },
  { name: "FORMAT_DATE", expr: () => "FORMAT_DATE('%Y-%m', DATE '2024-01-05')", bigquery: "2024-01" },
  { name: "EXTRACT YEAR", expr: () => "EXTRACT(YEAR FROM DATE '2024-01-05')", bigquery: 2024 },
  { name: "REGEXP_EXTRACT", expr: () => "REGEXP_EXTRACT('PTS 31', r'(\\d+)')", bigquery: "31" },
  { name: "SPLIT()[OFFSET]", expr: () => "SPLIT('a,b,c', ',')[OFFSET(1)]", bigquery: "b" },
  { name: "COUNTIF", expr: () => "COUNTIF(x > 1)", from: "FROM UNNEST([1, 2, 3]) AS x", bigquery: 2 },
  { name: "LOGICAL_OR", expr: () => "LOGICAL_OR(x > 2)", from: "FROM UNNEST([1, 2, 3]) AS x", bigquery: true },
  { name: "STDDEV_SAMP", expr: () => "ROUND(STDDEV_SAMP(x), 6)", from: "FROM UNNEST([2, 4, 4, 4, 5, 5, 7, 9]) AS x", bigquery: 2.13809 },
  { name: "STRING_AGG ordered", expr: () => "STRING_AGG(x, ',' ORDER BY x)", from: "FROM UNNEST(['b', 'a', 'c']) AS x", bigquery: "a,b,c" },
  { name: "AVG of INT64 is FLOAT64", expr: () => "AVG(x)", from: "FROM UNNEST([1, 2]) AS x", bigquery: 1.5 },
  { name: "SUM of INT64", expr: () => "SUM(x)", from: "FROM UNNEST([1, 2, 3]) AS x", bigquery: 6 },
];

const WINDOW_CASES: { name: string; sql: string; bigquery: unknown[] }[] = [
  {
    name: "ORDER BY puts NULLs first ascending (BigQuery default)",
    sql: "SELECT x FROM UNNEST([2, NULL, 1]) AS x ORDER BY x",
    bigquery: [null, 1, 2],
  },
  {
    name: "LAG over a partition",
    sql: "SELECT LAG(x) OVER (ORDER BY x) AS v FROM UNNEST([1, 2, 3]) AS x ORDER BY x",
    bigquery: [null, 1, 2],
  },
  {
    name: "rolling AVG over the previous 2 rows",
    sql: "SELECT AVG(x) OVER (ORDER BY x ROWS BETWEEN 2 PRECEDING AND 1 PRECEDING) AS v FROM UNNEST([1, 2, 3, 4]) AS x ORDER BY x",
    bigquery: [null, 1, 1.5, 2.5],
  },
  {
    name: "QUALIFY ROW_NUMBER keeps one row per group",
    sql: "SELECT g AS v FROM UNNEST([STRUCT(1 AS g, 10 AS x), STRUCT(1, 20), STRUCT(2, 5)]) WHERE TRUE QUALIFY ROW_NUMBER() OVER (PARTITION BY g ORDER BY x DESC) = 1 ORDER BY g",
    bigquery: [1, 2],
  },
  {
    name: "SELECT * EXCEPT",
    sql: "SELECT * EXCEPT (b) FROM (SELECT 1 AS v, 2 AS b)",
    bigquery: [1],
  },
];

let warehouse: DuckDbWarehouse;
beforeAll(async () => {
  warehouse = await DuckDbWarehouse.open(":memory:");
  for (const statement of duckDbPrelude()) await warehouse.execute(statement);
});
afterAll(async () => warehouse.close());

async function runOnDuckDb(bigQuerySql: string): Promise<Record<string, unknown>[]> {
  const statements = toDuckDb(bigQuerySql, { action: "battery", file: "test/engine/dialect.test.ts" });
  expect(statements).toHaveLength(1);
  return warehouse.query(statements[0]!);
}

describe("golden battery: BigQuery constructs on DuckDB", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      let from = c.from ?? "";
      if (c.name.startsWith("unnestWithOffset")) {
        from = `FROM (SELECT ['a', 'b', 'c'] AS xs) AS t, ${withEngine("duckdb", (s) => m(s, "unnestWithOffset")("t.xs", "v", "i"))}`;
      }
      const expr = withEngine("duckdb", c.expr);
      const rows = await runOnDuckDb(`SELECT ${expr} AS v ${from}`);
      expect(rows[0]!.v).toEqual(c.bigquery);
    });
  }
  for (const c of WINDOW_CASES) {
    it(c.name, async () => {
      const rows = await runOnDuckDb(c.sql);
      expect(rows.map((r) => r.v ?? r.x ?? null)).toEqual(c.bigquery);
    });
  }
});

describe("macros emit plain BigQuery by default", () => {
  it("uses BigQuery functions with engine=bigquery", () => {
    const sql = withEngine("bigquery", (s) => [
      m(s, "regexpContains")("a", "r'x'"),
      m(s, "dayOfWeek")("d"),
      m(s, "dateAdd")("d", 1, "DAY"),
      m(s, "unnestWithOffset")("xs", "x", "i"),
    ]);
    expect(sql).toEqual([
      "REGEXP_CONTAINS(a, r'x')",
      "EXTRACT(DAYOFWEEK FROM d)",
      "DATE_ADD(d, INTERVAL 1 DAY)",
      "UNNEST(xs) AS x WITH OFFSET AS i",
    ]);
  });
  it("rejects an unknown date unit", () => {
    expect(() => withEngine("bigquery", (s) => m(s, "dateAdd")("d", 1, "FORTNIGHT"))).toThrow(/date unit/);
  });
});

describe("data_hash", () => {
  // The documented example row: 1|100000|1.5|Nikola Jokić|2024-01-02|true (0.1 as FLOAT64 encodes as 100000).
  const fields: [string, string][] = [
    ["1", "INT64"],
    ["CAST(0.1 AS FLOAT64)", "FLOAT64"],
    [withEngine("duckdb", (s) => m(s, "numeric")("'1.5'")), "NUMERIC"],
    ["'Nikola Jokić'", "STRING"],
    ["DATE '2024-01-02'", "DATE"],
    ["TRUE", "BOOL"],
  ];
  it("matches the documented cross-engine example and the TS canonical form", async () => {
    const rows = await runOnDuckDb(`SELECT ${withEngine("duckdb", (s) => m(s, "dataHash")(fields))} AS v`);
    expect(rows[0]!.v).toBe("1287470dc925df54");
    expect(dataHash([[1, "INT64"], [0.1, "FLOAT64"], ["1.5", "NUMERIC"], ["Nikola Jokić", "STRING"], ["2024-01-02", "DATE"], [true, "BOOL"]])).toBe("1287470dc925df54");
  });
  it("hashes an all-NULL row like the documented example", async () => {
    const nulls = fields.map(([, type]) => [
      type === "NUMERIC" ? withEngine("duckdb", (s) => m(s, "numeric")("NULL")) : `CAST(NULL AS ${type})`,
      type,
    ]);
    const rows = await runOnDuckDb(`SELECT ${withEngine("duckdb", (s) => m(s, "dataHash")(nulls))} AS v`);
    expect(rows[0]!.v).toBe("bf22013424043b2f");
  });
  it("escapes separators, handles -0.0, fractions and NUMERIC like the TS form", async () => {
    const tricky: [string, string, unknown][] = [
      ["'a|b\\\\c'", "STRING", "a|b\\c"],
      ["CAST(-0.0 AS FLOAT64)", "FLOAT64", -0],
      ["2/3", "FLOAT64", 2 / 3],
      ["CAST('12.500' AS NUMERIC)", "NUMERIC", "12.5"],
      ["CAST('0' AS NUMERIC)", "NUMERIC", "0"],
      ["TIMESTAMP '2024-01-02 03:04:05.123456+00'", "TIMESTAMP", "2024-01-02 03:04:05.123456+00"],
    ];
    const sqlFields = tricky.map(([expr, type]) => [type === "NUMERIC" ? withEngine("duckdb", (s) => m(s, "numeric")(expr.replace(" AS NUMERIC", " AS STRING"))) : expr, type]);
    const rows = await runOnDuckDb(`SELECT ${withEngine("duckdb", (s) => m(s, "dataHash")(sqlFields))} AS v`);
    const expected = dataHash(tricky.map(([, type, value]) => [value as string, type as "STRING"]));
    expect(rows[0]!.v).toBe(expected);
  });
});

describe("constructs written outside their macro", () => {
  it("fail with the action, file, construct and macro to use", () => {
    expect(() => toDuckDb("SELECT REGEXP_CONTAINS(name, r'x') FROM t", { action: "nba.pgs", file: "definitions/pgs.sqlx" })).toThrow(
      /nba\.pgs \(definitions\/pgs\.sqlx\).*\n.*REGEXP_CONTAINS.*sql\.regexpContains/,
    );
    expect(() => toDuckDb("SELECT DATE_ADD(d, INTERVAL 1 DAY) FROM t", { action: "a", file: "f" })).toThrow(DialectError);
    expect(() => toDuckDb("SELECT EXTRACT(DAYOFWEEK FROM d) FROM t", { action: "a", file: "f" })).toThrow(/sql\.dayOfWeek/);
  });
  it("ignore the same words inside strings and comments", () => {
    expect(() => toDuckDb("SELECT 'REGEXP_CONTAINS(' AS s -- DATE_ADD(\nFROM t", { action: "a", file: "f" })).not.toThrow();
  });
});
