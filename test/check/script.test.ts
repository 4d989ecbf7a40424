import { describe, expect, it } from "vitest";
import { formatType, parseBigQueryType } from "../../ts/check/bigquery-types.ts";
import { mapToFile, offsetOf, slice } from "../../ts/check/locations.ts";
import { parseDeclare, parseSet, splitScript } from "../../ts/check/script.ts";

describe("splitScript", () => {
  it("splits at top-level semicolons only", () => {
    const sql = [
      "SELECT ';' AS a; -- c;",
      "SELECT \"x;\" /* ; */ , `a;b`; SELECT r'a\\b;', 'it\\'s;' ; SELECT '''x;",
      "y'''; ",
      "# only a comment;",
    ].join("\n");
    expect(splitScript(sql).map((s) => s.text)).toEqual([
      "SELECT ';' AS a",
      'SELECT "x;" /* ; */ , `a;b`',
      "SELECT r'a\\b;', 'it\\'s;'",
      "SELECT '''x;\ny'''",
    ]);
  });

  it("classifies script statements; a compound block takes the rest of the string", () => {
    const kinds = splitScript(
      "DECLARE x INT64; SET x = 1; BEGIN TRANSACTION; IF x > 0 THEN SELECT 1; END IF; SELECT 2",
    ).map((s) => s.kind);
    expect(kinds).toEqual(["declare", "set", "sql", "compound"]);
  });
});

describe("DECLARE and SET heads", () => {
  it("reads names, type and DEFAULT", () => {
    const sql = "DECLARE a, `b` ARRAY<STRUCT<x INT64>> DEFAULT (SELECT [STRUCT(1 AS x)])";
    const [s] = splitScript(sql);
    const d = parseDeclare(s!, sql);
    expect(d.names).toEqual(["a", "b"]);
    expect(d.typeText).toBe("ARRAY<STRUCT<x INT64>>");
    expect(sql.slice(d.defaultStart, d.defaultEnd)).toBe("(SELECT [STRUCT(1 AS x)])");
  });

  it("reads SET targets and value", () => {
    const sql = "SET (a, b) = (SELECT AS STRUCT 1, 2)";
    const set = parseSet(splitScript(sql)[0]!);
    expect(set.targets).toEqual(["a", "b"]);
    expect(sql.slice(set.exprStart, set.exprEnd)).toBe("(SELECT AS STRUCT 1, 2)");
  });
});

describe("BigQuery types", () => {
  it("round-trips the declared types", () => {
    for (const t of [
      "STRING",
      "INT64",
      "FLOAT64",
      "NUMERIC",
      "BOOL",
      "DATE",
      "DATETIME",
      "TIMESTAMP",
      "ARRAY<STRING>",
      "STRUCT<a INT64, b ARRAY<DATE>>",
    ]) {
      expect(formatType(parseBigQueryType(t))).toBe(t);
    }
    expect(formatType(parseBigQueryType("integer"))).toBe("INT64");
    expect(formatType(parseBigQueryType("NUMERIC(10, 2)"))).toBe("NUMERIC");
    expect(() => parseBigQueryType("VARCHAR")).toThrow(/unknown BigQuery type "VARCHAR"/);
    expect(() => parseBigQueryType("ARRAY<INT64")).toThrow(/unexpected end of type/);
  });
});

describe("locations", () => {
  it("maps analyzer line:column (tabs expanded) back through a wrapper", () => {
    expect(offsetOf("a\n\tb", 2, 9)).toBe(3);
    const source = "DECLARE d DATE DEFAULT\n  x + 1";
    const text = slice(source, 25, source.length, "SELECT (", ")");
    expect(text.text).toBe("SELECT (x + 1)");
    expect(text.toSourceOffset(1, 9)).toBe(25);
  });

  it("finds the .sqlx line of a compiled line, or gives up when templating changed it", () => {
    const file = 'config { type: "table" }\n\nSELECT a,\n  rebounds\nFROM ${ref("box")}\n';
    expect(mapToFile(file, "  rebounds", 3)).toEqual({ line: 4, column: 3 });
    expect(mapToFile(file, "FROM `p.d.box`", 6)).toBeUndefined();
  });
});
