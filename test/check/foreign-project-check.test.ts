import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { BigQueryFake } from "../gcp/bigquery-fake.ts";
import { collect, spawnTs } from "./helpers/processes.ts";

const CLI = path.join(import.meta.dirname, "helpers", "run-cli.ts");

/** A Dataform 3 project that knows nothing of this repository's `type:` column tags. */
const FILES: Record<string, string> = {
  "package.json": "{}\n",
  "workflow_settings.yaml": "defaultProject: other-proj\ndefaultLocation: EU\ndefaultDataset: sales\n",
  "definitions/sources.sqlx": `config { type: "declaration", schema: "raw", name: "orders" }\n`,
  "definitions/order_days.sqlx": `config { type: "table" }
SELECT order_id, TRIM(customer) AS customer, DATE(placed_at) AS order_date, price * 2 AS double_price
FROM \${ref("orders")}
`,
  "definitions/no_future_orders.sqlx": `config { type: "assertion" }
SELECT * FROM \${ref("order_days")} WHERE order_date > CURRENT_DATE()
`,
};

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function temp(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

function writeProject(): string {
  const dir = temp("nbap-foreign-check-");
  for (const [name, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const env = (warehouse: string) => ({
  ...process.env,
  NBA_PROPS_RUNTIME: "local",
  NBA_PROPS_WAREHOUSE: warehouse,
  NBA_PROPS_DATASET_PREFIX: "",
  NBA_PROPS_LOG_LEVEL: "error",
});

describe("nba-props check on a foreign project", () => {
  it("takes an untyped declaration's columns from the local warehouse, and says so when the table is not there", async () => {
    const project = writeProject();
    const home = temp("nbap-foreign-check-home-");
    const warehouse = path.join(home, "w.duckdb");
    const w = await DuckDbWarehouse.open(warehouse);
    try {
      await w.execute("CREATE SCHEMA raw");
      await w.execute(
        "CREATE TABLE raw.orders (order_id BIGINT, customer VARCHAR, placed_at TIMESTAMPTZ, price DECIMAL(38, 9))",
      );
    } finally {
      await w.close();
    }

    const ok = await collect(spawnTs(CLI, ["check", "--project", project, "--json"], env(warehouse)));
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const result = JSON.parse(ok.stdout) as { ok: boolean; schemas: Record<string, unknown> };
    expect(result.ok).toBe(true);
    // BigQuery's types of the query: DATE(TIMESTAMP) is a DATE, NUMERIC * INT64 a NUMERIC
    expect(result.schemas["other-proj.sales.order_days"]).toEqual([
      { name: "order_id", type: "INT64" },
      { name: "customer", type: "STRING" },
      { name: "order_date", type: "DATE" },
      { name: "double_price", type: "NUMERIC" },
    ]);

    const missing = await collect(spawnTs(CLI, ["check", "--project", project], env(path.join(home, "empty.duckdb"))));
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain("declaration other-proj.raw.orders has no typed columns");

    // A warehouse locked by another process (a run in progress) is not read: the check still runs and says why.
    const holder = await DuckDbWarehouse.open(warehouse);
    try {
      const locked = await collect(
        spawnTs(CLI, ["check", "--project", project], { ...env(warehouse), NBA_PROPS_LOG_LEVEL: "warn" }),
      );
      expect(locked.code).toBe(1);
      expect(locked.stderr).toContain("cannot read the warehouse's columns");
      expect(locked.stdout).toContain("declaration other-proj.raw.orders has no typed columns");
    } finally {
      await holder.close();
    }
  }, 120_000);

  it("on the gcp runtime takes the columns from BigQuery's INFORMATION_SCHEMA, one metadata job per schema", async () => {
    const project = writeProject();
    const orders: [string, string][] = [
      ["order_id", "INT64"],
      ["customer", "STRING"],
      ["placed_at", "TIMESTAMP"],
      ["price", "NUMERIC"],
    ];
    const bigquery = new BigQueryFake((_sql, query) => {
      const schema = query.queryParameters?.[0]?.parameterValue?.value;
      return {
        rows:
          schema === "raw"
            ? orders.map(([column_name, data_type]) => ({ table_name: "orders", column_name, data_type }))
            : [],
      };
    });
    const endpoint = await bigquery.start();
    try {
      const ok = await collect(
        spawnTs(CLI, ["check", "--project", project, "--json"], {
          ...env(path.join(temp("nbap-foreign-check-gcp-"), "unused.duckdb")),
          NBA_PROPS_RUNTIME: "gcp",
          GCP_PROJECT: "nba-props-test",
          BIGQUERY_API_ENDPOINT: endpoint,
          METADATA_SERVER_DETECTION: "none",
        }),
      );
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      const result = JSON.parse(ok.stdout) as { schemas: Record<string, unknown> };
      expect(result.schemas["other-proj.sales.order_days"]).toEqual([
        { name: "order_id", type: "INT64" },
        { name: "customer", type: "STRING" },
        { name: "order_date", type: "DATE" },
        { name: "double_price", type: "NUMERIC" },
      ]);
      // the graph's schemas, once each: the declaration's, and the default dataset of the table and the assertion
      const schemas = bigquery.inserted.map((j) => j.configuration.query.queryParameters[0].parameterValue.value);
      expect(schemas.sort()).toEqual(["raw", "sales"]);
    } finally {
      await bigquery.stop();
    }
  }, 120_000);
});
