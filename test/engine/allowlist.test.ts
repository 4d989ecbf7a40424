import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildActions } from "../../ts/engine/actions.ts";
import { compileProject } from "../../ts/engine/compile.ts";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { runGraph } from "../../ts/engine/local-runner.ts";
import { LocalEngineRefusal, prepareLocalSql } from "../../ts/engine/local-sql.ts";

const REPO = path.resolve(import.meta.dirname, "../..");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe("the allowlist on this repository", () => {
  it("accepts every statement of every action", async () => {
    const graph = await compileProject({ projectDir: REPO });
    const actions = buildActions(graph);
    await expect(
      prepareLocalSql(graph, actions, {
        selected: new Set(actions.map((a) => a.name)),
        datasetPrefix: "",
        projectDir: REPO,
      }),
    ).resolves.toBeDefined();
  }, 120_000);
});

/** A small foreign project: one action per unsupported kind, plus a table that would run first. */
function writeProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nbap-allowlist-"));
  dirs.push(dir);
  fs.writeFileSync(
    path.join(dir, "dataform.json"),
    JSON.stringify({
      warehouse: "bigquery",
      defaultDatabase: "p",
      defaultSchema: "fx",
      defaultLocation: "US",
      assertionSchema: "fx_assert",
    }),
  );
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe("unsupported constructs", () => {
  it("refuse the run before any table is written, naming every offender with its file and line", async () => {
    const dir = writeProject({
      "definitions/first.sqlx": `config { type: "table" }\nSELECT 1 AS id, 'a b' AS s, DATE '2024-01-02' AS d, 2.5 AS x`,
      "definitions/quantiles.sqlx": `config { type: "table" }\nSELECT\n  APPROX_QUANTILES(x, 4) AS q\nFROM \${ref("first")}`,
      // SELECT * would put DuckDB's column order into the table
      "definitions/unpivot.sqlx": `config { type: "view" }\nSELECT * FROM (SELECT id, 1 AS a, 2 AS b FROM \${ref("first")}) UNPIVOT(v FOR k IN (a, b))`,
      "definitions/regex.sqlx": `config { type: "table" }\nSELECT REGEXP_EXTRACT(s, CONCAT('a', s)) AS r FROM \${ref("first")}`,
      "definitions/sample.sqlx": `config { type: "table" }\nSELECT id FROM \${ref("first")} TABLESAMPLE SYSTEM (10 PERCENT)`,
      "definitions/script.sqlx": `config { type: "operations" }\nDECLARE n INT64 DEFAULT 1;\nSELECT n`,
      "definitions/jsudf.sqlx": `config { type: "operations" }\nCREATE TEMP FUNCTION f(x FLOAT64) RETURNS FLOAT64 LANGUAGE js AS "return x;";\nSELECT 1`,
      "definitions/format.sqlx": `config { type: "table" }\nSELECT FORMAT('%05d', id) AS f FROM \${ref("first")}`,
      // DATE(y, m, d) raises inside DuckDB's make_date, which cannot be made NULL for that function alone
      "definitions/safe.sqlx": `config { type: "table" }\nSELECT SAFE.DATE(2024, 2, id) AS d FROM \${ref("first")}`,
      // BigQuery names these columns total_Q1; DuckDB would name them Q1_total
      "definitions/pivot_alias.sqlx": `config { type: "table" }\nSELECT * FROM (SELECT id, s, 1 AS n FROM \${ref("first")}) PIVOT(SUM(n) AS total FOR s IN ('Q1'))`,
      "definitions/empty_match.sqlx": `config { type: "table" }\nSELECT REGEXP_EXTRACT_ALL(s, r'x*') AS m FROM \${ref("first")}`,
      "definitions/running_count.sqlx": `config { type: "table" }\nSELECT COUNTIF(x > 1) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 1 PRECEDING) AS n FROM \${ref("first")}`,
    });
    const graph = await compileProject({ projectDir: dir });
    const file = path.join(dir, "warehouse.duckdb");
    const warehouse = await DuckDbWarehouse.open(file);
    try {
      const before = await warehouse.query("SELECT table_schema, table_name FROM information_schema.tables");
      const error = await runGraph(warehouse, graph, { projectDir: dir, historySchema: null }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LocalEngineRefusal);
      const refused = (error as LocalEngineRefusal).refused;
      expect(new Set(refused.map((r) => r.action))).toEqual(
        new Set([
          "fx.quantiles",
          "fx.unpivot",
          "fx.regex",
          "fx.sample",
          "fx.script",
          "fx.jsudf",
          "fx.format",
          "fx.safe",
          "fx.empty_match",
          "fx.pivot_alias",
          "fx.running_count",
        ]),
      );
      expect(refused.find((r) => r.action === "fx.running_count")!.hint).toMatch(
        /COUNT_IF is NULL over an empty frame[\s\S]*COUNT\(CASE WHEN … THEN 1 END\) OVER/,
      );
      expect(refused.find((r) => r.action === "fx.safe")).toMatchObject({
        written: "SAFE.DATE(2024, 2, id)",
        hint: expect.stringMatching(/the SAFE\. version of DATE\(y, m, d\)/),
      });
      const q = refused.find((r) => r.action === "fx.quantiles")!;
      expect(q).toMatchObject({
        file: "definitions/quantiles.sqlx",
        line: 3,
        inFile: true,
        written: "APPROX_QUANTILES(x, 4)",
      });
      expect(q.hint).toMatch(/not supported by the local engine/);
      expect(refused.find((r) => r.action === "fx.script")!.hint).toMatch(/scripting/);
      expect(refused.find((r) => r.action === "fx.jsudf")!.hint).toMatch(/JavaScript UDFs/);
      const message = (error as Error).message;
      expect(message).not.toMatch(/sql\.\w+\(/); // a foreign project is never told to use this repo's macros
      expect(await warehouse.query("SELECT table_schema, table_name FROM information_schema.tables")).toEqual(before);
    } finally {
      await warehouse.close();
    }
  }, 120_000);
});
