process.env.METADATA_SERVER_DETECTION = "none";

import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBigQueryType } from "../../ts/check/bigquery-types.ts";
import { BigQueryWarehouse } from "../../ts/gcp/bigquery-warehouse.ts";
import { writeReport } from "../../ts/report/build-report.ts";
import { BigQueryFake } from "../gcp/bigquery-fake.ts";
import { answersFromDuckDb } from "../gcp/bigquery-on-duckdb.ts";
import { OfflineBigQuery } from "../gcp/zetasql.ts";
import { type FixtureWarehouse, fixtureWarehouse } from "./fixture-warehouse.ts";

const PROJECT = "nba-props-test";
const BIGQUERY_TYPES: Record<string, string> = {
  VARCHAR: "STRING",
  BIGINT: "INT64",
  INTEGER: "INT64",
  DOUBLE: "FLOAT64",
  BOOLEAN: "BOOL",
  DATE: "DATE",
  TIMESTAMP: "TIMESTAMP",
};

/**
 * `nba-props report` on the gcp runtime: the BigQuery adapter against the fake REST API, whose query jobs execute on
 * the fixture warehouse. The page must equal the one written from the same tables locally (whose figures
 * report.test.ts works out by hand), and every statement sent must be BigQuery's own SQL.
 */
describe("the report on BigQuery", () => {
  let fixture: FixtureWarehouse;
  let fake: BigQueryFake;
  let zetasql: OfflineBigQuery;
  let bigquery: BigQueryWarehouse;
  beforeAll(async () => {
    fixture = await fixtureWarehouse("everyPhase");
    fake = new BigQueryFake(answersFromDuckDb(fixture.warehouse, PROJECT));
    bigquery = new BigQueryWarehouse({
      projectId: PROJECT,
      location: "US",
      timeoutMs: 30_000,
      apiEndpoint: await fake.start(),
      maxRetryDelaySeconds: 1,
    });
    zetasql = await OfflineBigQuery.start();
  }, 60_000);
  afterAll(async () => {
    await fake?.stop();
    await zetasql?.stop();
    await fixture?.cleanup();
  });

  it("renders the same page from BigQuery as from the same tables locally", async () => {
    const options = (name: string) => ({
      outFile: path.join(fixture.dir, name),
      now: new Date("2026-12-01T12:00:00Z"),
      source: "the fixture",
    });
    const local = await writeReport(fixture.warehouse, options("local.html"));
    const remote = await writeReport(bigquery, options("bigquery.html"));
    expect(remote.sections).toEqual([
      "run-history",
      "assertions",
      "data",
      "smart-reprocessing",
      "predictions",
      "trace",
    ]);
    expect(remote.sections).toEqual(local.sections);
    // Observable Plot numbers its markers with a process-wide counter: the only difference two renderings may have.
    const page = (file: string) => fs.readFileSync(file, "utf8").replace(/plot-marker-\d+/g, "plot-marker");
    expect(page(remote.file)).toBe(page(local.file));
    // one metadata job per report dataset, then the sections' reads
    expect(fake.queries.filter((q) => q.includes("INFORMATION_SCHEMA.COLUMNS"))).toHaveLength(5);
  }, 120_000);

  it("sends only BigQuery SQL that ZetaSQL accepts against the tables' types, outside values as parameters", async () => {
    const columns = await fixture.warehouse.query<{
      table_schema: string;
      table_name: string;
      column_name: string;
      data_type: string;
    }>(
      "SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns WHERE table_schema LIKE 'nba_%' ORDER BY table_schema, table_name, ordinal_position",
    );
    const tables = new Map<string, { name: string; type: ReturnType<typeof parseBigQueryType> }[]>();
    for (const c of columns) {
      const name = `${PROJECT}.${c.table_schema}.${c.table_name}`;
      tables.set(name, [
        ...(tables.get(name) ?? []),
        { name: c.column_name, type: parseBigQueryType(BIGQUERY_TYPES[c.data_type]!) },
      ]);
    }
    for (const [name, cols] of tables) zetasql.catalog.set(name, cols);
    zetasql.declareInformationSchema(PROJECT);
    const queries = [...new Set(fake.queries)];
    expect(queries.length).toBeGreaterThan(20);
    expect(await zetasql.failures(queries, { schema: "STRING", kind: "STRING", id: "STRING" })).toEqual([]);
    expect(queries.filter((q) => /corr-daily-1|FILTER \(WHERE|"nba_|::|\$[a-z]/.test(q))).toEqual([]);
    const traceRead = fake.inserted.find((j) => /@id\b/.test(j.configuration?.query?.query ?? ""));
    expect(traceRead!.configuration.query.queryParameters).toEqual([
      { name: "id", parameterType: { type: "STRING" }, parameterValue: { value: "corr-daily-1" } },
    ]);
  }, 120_000);
});
