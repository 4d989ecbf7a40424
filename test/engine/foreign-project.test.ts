import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { unsupportedActions } from "../../ts/engine/actions.ts";
import { compileProject } from "../../ts/engine/compile.ts";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { planRun } from "../../ts/engine/local-runner.ts";
import { tempDir } from "./helpers.ts";

const BIN = path.resolve(import.meta.dirname, "../../bin/nba-props.js");

/**
 * A Dataform 3 project that is not this repository's: workflow_settings.yaml, an empty package.json, an undeclared
 * source schema, a var named `engine`, SET @@query_label and an unused DECLARE in pre_operations, a JS-published
 * view, an operation with an output, an incremental table, an assertion, and a disabled action whose SQL the local
 * engine does not support (Dataform skips it, so must we).
 */
const FILES: Record<string, string> = {
  "package.json": "{}\n",
  "workflow_settings.yaml": [
    "defaultProject: foreign-proj",
    "defaultLocation: US",
    "defaultDataset: shop",
    "defaultAssertionDataset: shop_assertions",
    "vars:",
    "  engine: mine",
    '  min_qty: "2"',
    "",
  ].join("\n"),
  "definitions/sources.js": `declare({ schema: "raw", name: "orders_src" });\n`,
  "definitions/orders_clean.sqlx": `config { type: "table", assertions: { uniqueKey: ["order_id"], nonNull: ["order_id"] } }
pre_operations {
  SET @@query_label = "team:shop";
  DECLARE unused_limit INT64 DEFAULT 10;
}
SELECT
  order_id,
  TRIM(customer) AS customer,
  qty,
  CAST(qty AS FLOAT64) * price AS amount,
  DATE(ordered_at) AS order_date,
  EXTRACT(HOUR FROM ordered_at) AS order_hour,
  CAST(ordered_at AS STRING) AS ordered_at_text,
  '\${dataform.projectConfig.vars.engine}' AS engine_var
FROM \${ref("orders_src")}
WHERE qty >= \${dataform.projectConfig.vars.min_qty}
`,
  "definitions/customer_totals.sqlx": `config { type: "incremental", uniqueKey: ["customer"] }
SELECT customer, SUM(qty) AS units, ROUND(SUM(amount), 2) AS revenue, SUM(qty) * 100000 * 100000 AS big
FROM \${ref("orders_clean")}
GROUP BY customer
`,
  "definitions/daily_orders.js": `publish("daily_orders", { type: "view" }).query((ctx) => \`SELECT order_date, COUNT(*) AS orders FROM \${ctx.ref("orders_clean")} GROUP BY order_date\`);\n`,
  "definitions/tiers.sqlx": `config { type: "operations", hasOutput: true }
CREATE OR REPLACE TABLE \${self()} AS SELECT 'ann' AS customer, 'gold' AS tier
`,
  "definitions/customer_tiers.sqlx": `config { type: "table" }
SELECT t.customer, t.units, COALESCE(s.tier, 'none') AS tier
FROM \${ref("customer_totals")} AS t LEFT JOIN \${ref("tiers")} AS s USING (customer)
`,
  "definitions/no_negative_qty.sqlx": `config { type: "assertion" }
SELECT * FROM \${ref("orders_clean")} WHERE qty < 0
`,
  "definitions/legacy_quantiles.sqlx": `config { type: "table", disabled: true }
SELECT APPROX_QUANTILES(qty, 4) AS q FROM \${ref("orders_clean")}
`,
};

function writeProject(extra: Record<string, string> = {}): string {
  const dir = tempDir("nbap-foreign-");
  for (const [name, text] of Object.entries({ ...FILES, ...extra })) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function seed(file: string, rows: string): Promise<void> {
  const w = await DuckDbWarehouse.open(file);
  try {
    await w.execute("CREATE SCHEMA IF NOT EXISTS raw");
    await w.execute(
      "CREATE TABLE IF NOT EXISTS raw.orders_src (order_id BIGINT, customer VARCHAR, qty BIGINT, price DOUBLE, ordered_at TIMESTAMPTZ)",
    );
    await w.execute(`INSERT INTO raw.orders_src VALUES ${rows}`);
  } finally {
    await w.close();
  }
}

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

async function tables(file: string): Promise<Record<string, unknown[]>> {
  const w = await DuckDbWarehouse.open(file);
  try {
    const names = await w.query<{ s: string; t: string }>(
      "SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema NOT IN ('raw', 'shop_runs') ORDER BY 1, 2",
    );
    const out: Record<string, unknown[]> = {};
    for (const { s, t } of names) out[`${s}.${t}`] = await w.query(`SELECT * FROM "${s}"."${t}" ORDER BY ALL`);
    return out;
  } finally {
    await w.close();
  }
}

// Two orders close to midnight UTC: on the machine's clock in Los Angeles they fall on the previous day.
const ROWS =
  "(1, ' ann\t', 3, 2.5, '2024-01-02 23:30:00+00'), (2, 'bob', 1, 10.0, '2024-01-02 12:00:00+00'), (3, 'cy', 2, 4.0, '2024-01-03 01:00:00.25+00')";

describe("a foreign Dataform 3 project", () => {
  it("runs end to end at --concurrency 4 with BigQuery's results, the same under any machine time zone", async () => {
    const project = writeProject();
    const home = tempDir("nbap-foreign-home-");
    const run = async (tz: string) => {
      const warehouse = path.join(home, `${tz.replace("/", "_")}.duckdb`);
      await seed(warehouse, ROWS);
      const env = {
        TZ: tz,
        NBA_PROPS_HOME: home,
        NBA_PROPS_WAREHOUSE: warehouse,
        NBA_PROPS_HISTORY_DATASET: "shop_runs",
      };
      const result = await cli(["run", "--project", project, "--concurrency", "4"], env);
      expect(result.code, result.out).toBe(0);
      return { warehouse, env, out: result.out };
    };
    const la = await run("America/Los_Angeles");
    const utc = await run("UTC");

    const built = await tables(la.warehouse);
    expect(await tables(utc.warehouse)).toEqual(built);
    expect(la.out).toMatch(/shop\.legacy_quantiles\s+table\s+disabled/);
    expect(Object.keys(built)).toEqual([
      "shop.customer_tiers",
      "shop.customer_totals",
      "shop.daily_orders",
      "shop.orders_clean",
      "shop.tiers",
      "shop_assertions.no_negative_qty",
      "shop_assertions.shop_orders_clean_assertions_rowConditions",
      "shop_assertions.shop_orders_clean_assertions_uniqueKey_0",
    ]);
    expect(built["shop.orders_clean"]).toEqual([
      {
        order_id: 1,
        customer: "ann",
        qty: 3,
        amount: 7.5,
        order_date: "2024-01-02",
        order_hour: 23,
        ordered_at_text: "2024-01-02 23:30:00+00",
        engine_var: "mine",
      },
      {
        order_id: 3,
        customer: "cy",
        qty: 2,
        amount: 8,
        order_date: "2024-01-03",
        order_hour: 1,
        ordered_at_text: "2024-01-03 01:00:00.250+00",
        engine_var: "mine",
      },
    ]);
    expect(built["shop.customer_totals"]).toEqual([
      { customer: "ann", units: 3, revenue: 7.5, big: 30000000000 },
      { customer: "cy", units: 2, revenue: 8, big: 20000000000 },
    ]);
    expect(built["shop.daily_orders"]).toEqual([
      { order_date: "2024-01-02", orders: 1 },
      { order_date: "2024-01-03", orders: 1 },
    ]);
    expect(built["shop.customer_tiers"]).toEqual([
      { customer: "ann", units: 3, tier: "gold" },
      { customer: "cy", units: 2, tier: "none" },
    ]);

    // The history goes where the configuration says; no nba_processing schema appears in a foreign warehouse.
    const w = await DuckDbWarehouse.open(la.warehouse);
    try {
      expect(
        await w.query("SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'nba%'"),
      ).toEqual([]);
      expect(await w.query("SELECT status FROM shop_runs.run_history WHERE action = 'shop.legacy_quantiles'")).toEqual([
        { status: "disabled" },
      ]);
    } finally {
      await w.close();
    }

    // A second run merges a new order into the incremental table on its unique key.
    await seed(la.warehouse, "(4, 'ann', 5, 1.0, '2024-01-04 10:00:00+00')");
    const again = await cli(["run", "--project", project, "--concurrency", "4"], la.env);
    expect(again.code, again.out).toBe(0);
    expect((await tables(la.warehouse))["shop.customer_totals"]).toEqual([
      { customer: "ann", units: 8, revenue: 12.5, big: 80000000000 },
      { customer: "cy", units: 2, revenue: 8, big: 20000000000 },
    ]);
  }, 600_000);

  it("compiles with a notebook, and a run refuses it by name before anything runs", async () => {
    const project = writeProject({
      "definitions/explore.ipynb": JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }),
      "definitions/explore.js": `notebook({ name: "explore", filename: "explore.ipynb" });\n`,
    });
    const graph = await compileProject({ projectDir: project });
    expect(unsupportedActions(graph)).toEqual([
      { kind: "notebook", name: "shop.explore", file: "definitions/explore.ipynb", disabled: false },
    ]);
    await expect(planRun(graph, { projectDir: project })).rejects.toThrow(
      /not supported by the local runner: notebook shop\.explore \(definitions\/explore\.ipynb\)/,
    );
  }, 120_000);
});
