import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkProject } from "../../ts/check/check.ts";
import { buildActions } from "../../ts/engine/actions.ts";
import { compileProject } from "../../ts/engine/compile.ts";
import { createdTables } from "../../ts/engine/declaration-creators.ts";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { runGraph } from "../../ts/engine/local-runner.ts";
import { tempDir } from "./helpers.ts";

/**
 * A declared source that an operation of the same project creates (a landing step that loads it): the declaration's
 * existence check, and everything reading it, must wait for that operation at any concurrency.
 */
const FILES: Record<string, string> = {
  "package.json": "{}\n",
  "workflow_settings.yaml": "defaultProject: landing-proj\ndefaultLocation: US\ndefaultDataset: shop\n",
  // no typed columns: the columns come from the statement that creates the table
  "definitions/sources.js": `declare({ schema: "landing", name: "events" });\n`,
  "definitions/load_events.sqlx": `config { type: "operations" }
CREATE SCHEMA IF NOT EXISTS landing;
CREATE OR REPLACE TABLE \`landing-proj.landing.numbers\` AS SELECT n FROM UNNEST(GENERATE_ARRAY(1, 300000)) AS n;
CREATE OR REPLACE TABLE \`landing-proj.landing.events\` AS
SELECT IF(MOD(n, 3) = 0, 'buy', 'view') AS kind, n AS amount FROM \`landing-proj.landing.numbers\` WHERE n <= 10;
DROP TABLE \`landing-proj.landing.numbers\`
`,
  "definitions/event_totals.sqlx": `config { type: "table" }
SELECT kind, COUNT(*) AS events, SUM(amount) AS amount FROM \${ref("events")} GROUP BY kind
`,
  // independent actions, so the run has more ready actions than the concurrency allows
  ...Object.fromEntries(
    [1, 2, 3, 4].map((i) => [`definitions/other_${i}.sqlx`, `config { type: "table" }\nSELECT ${i} AS x\n`]),
  ),
};

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function writeProject(): string {
  const dir = tempDir("nbap-created-decl-");
  dirs.push(dir);
  for (const [name, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe("declarations created by an operation of the same run", () => {
  it("finds the tables a statement creates, as BigQuery names them", () => {
    expect(
      createdTables(
        [
          "CREATE OR REPLACE TABLE `p.raw.Events` AS SELECT 1 AS x",
          "CREATE TABLE IF NOT EXISTS raw.b (x INT64)",
          "CREATE TEMP TABLE t AS SELECT 1 AS x",
          "CREATE OR REPLACE MATERIALIZED VIEW my-proj.raw.v AS SELECT 1 AS x",
          "CREATE VIEW `p`.`raw`.`w` AS SELECT 1 AS x",
          "CREATE SCHEMA raw",
          "INSERT INTO raw.c SELECT 1",
          "SELECT 'CREATE TABLE raw.d AS SELECT 1'",
        ].join(";\n"),
      ),
    ).toEqual(["raw.events", "raw.b", "raw.v", "raw.w"]);
  });

  it("runs the declaration after the operation that creates it, at --concurrency 4, with its columns analysed", async () => {
    const project = writeProject();
    const graph = await compileProject({ projectDir: project });
    const declaration = buildActions(graph).find((a) => a.name === "landing.events")!;
    expect(declaration.type).toBe("declaration");
    expect(declaration.dependencies).toEqual(["shop.load_events"]);

    // `nba-props check` needs no warehouse: the columns are those of the creating statement
    const check = await checkProject({ projectDir: project, graph });
    expect(check.failures).toEqual([]);
    expect(check.schemas["landing-proj.landing.events"]).toEqual([
      { name: "kind", type: "STRING" },
      { name: "amount", type: "INT64" },
    ]);

    const w = await DuckDbWarehouse.open(path.join(project, "w.duckdb"));
    try {
      const events: string[] = [];
      const summary = await runGraph(w, graph, {
        concurrency: 4,
        projectDir: project,
        historySchema: null,
        onActionStart: (a) => events.push(`start ${a.name}`),
        onActionEnd: (o) => events.push(`end ${o.name}`),
      });
      expect(summary.outcomes.filter((o) => o.status !== "succeeded")).toEqual([]);
      expect(events.indexOf("start landing.events")).toBeGreaterThan(events.indexOf("end shop.load_events"));
      expect(events.indexOf("start shop.event_totals")).toBeGreaterThan(events.indexOf("end landing.events"));
      // n = 1..10: 3, 6 and 9 are 'buy' (sum 18), the other seven 'view' (sum 37)
      expect(await w.query("SELECT kind, events, amount FROM shop.event_totals ORDER BY kind")).toEqual([
        { kind: "buy", events: 3, amount: 18 },
        { kind: "view", events: 7, amount: 37 },
      ]);
    } finally {
      await w.close();
    }
  }, 120_000);
});
