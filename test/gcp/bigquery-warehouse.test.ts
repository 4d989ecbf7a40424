process.env.METADATA_SERVER_DETECTION = "none";

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { assertionLogTable, runHistoryTable } from "../../ts/engine/processing-tables.ts";
import { QueryTimeoutError } from "../../ts/engine/warehouse.ts";
import { stageTableSpec } from "../../ts/gcp/bigquery-sql.ts";
import { BigQueryWarehouse } from "../../ts/gcp/bigquery-warehouse.ts";
import { predictionTableSpec } from "../../ts/predictions/prediction-table.ts";
import { BigQueryFake, type FakeQueryResult } from "./bigquery-fake.ts";
import { OfflineBigQuery } from "./zetasql.ts";

const PROJECT = "nba-props-test";
let answers: (sql: string) => FakeQueryResult = () => ({});
const fake = new BigQueryFake((sql) => answers(sql));
let endpoint = "";
let zetasql: OfflineBigQuery;

beforeAll(async () => {
  endpoint = await fake.start();
  zetasql = await OfflineBigQuery.start();
  zetasql.declareInformationSchema(PROJECT);
});
afterAll(async () => {
  await fake.stop();
  await zetasql.stop();
});
afterEach(() => {
  fake.jobs.clear();
  fake.uploads.length = 0;
  fake.server.requests.length = 0;
  answers = () => ({});
});

const warehouse = (timeoutMs = 30_000) =>
  new BigQueryWarehouse({
    projectId: PROJECT,
    location: "US",
    timeoutMs,
    apiEndpoint: endpoint,
    labels: { run_id: "Run-1" },
    maxRetryDelaySeconds: 1,
  });

describe("BigQuery warehouse adapter against a fake BigQuery REST API", () => {
  it("sends a parameterised query job with a timeout, labels and standard SQL, and returns plain rows", async () => {
    answers = () => ({ rows: [{ game_id: "0022300061", n: 3 }] });
    const rows = await warehouse().query(
      "SELECT game_id, COUNT(*) AS n FROM t WHERE game_date = @d AND team = @team GROUP BY game_id",
      {
        params: { d: "2024-01-02", team: null },
        labels: { phase: "phase3", action: "nba_analytics.player_game_summary" },
        timeoutMs: 5_000,
      },
    );
    expect(rows).toEqual([{ game_id: "0022300061", n: 3 }]);
    const [job] = fake.inserted;
    expect(job!.configuration.jobTimeoutMs).toBe("5000");
    expect(job!.configuration.labels).toEqual({
      app: "nba-props",
      run_id: "run-1",
      phase: "phase3",
      action: "nba_analytics_player_game_summary",
    });
    expect(job!.configuration.query).toMatchObject({
      useLegacySql: false,
      parameterMode: "named",
      queryParameters: [
        { name: "d", parameterType: { type: "STRING" }, parameterValue: { value: "2024-01-02" } },
        { name: "team", parameterType: { type: "STRING" }, parameterValue: { value: null } },
      ],
    });
    expect(job!.jobReference.location).toBe("US");
    expect(job!.jobReference.jobId).toMatch(/^nbap_/);
  });

  it("retries a job insert answered 503 then 429 with the same job id, so the job cannot run twice", async () => {
    fake.failures = [503, 429];
    await warehouse().execute("SELECT 1");
    const inserts = fake.server.requests.filter((r) => r.method === "POST" && r.path.endsWith("/jobs"));
    expect(inserts).toHaveLength(3);
    const ids = inserts.map((r) => (r.json as { jobReference: { jobId: string } }).jobReference.jobId);
    expect(new Set(ids).size).toBe(1);
  }, 20_000);

  it("cancels a job that outlives its timeout and throws QueryTimeoutError", async () => {
    answers = () => ({ neverCompletes: true });
    await expect(warehouse(1_000).query("SELECT 1")).rejects.toBeInstanceOf(QueryTimeoutError);
    const jobId = [...fake.jobs.keys()][0]!;
    await expect.poll(() => fake.cancelled).toEqual([jobId]);
  });

  it("fails with BigQuery's message when the job ends in error", async () => {
    answers = () => ({ error: "Unrecognized name: rebounds at [1:8]" });
    await expect(warehouse().execute("SELECT rebounds FROM t")).rejects.toThrow(/Unrecognized name: rebounds/);
  });

  it("returns the DML row count of a statement", async () => {
    answers = () => ({ numDmlAffectedRows: 42 });
    expect(await warehouse().execute("DELETE FROM t WHERE TRUE")).toBe(42);
  });

  it("creates a missing dataset and table from the declared schema with partitioning and clustering; the DDL passes ZetaSQL", async () => {
    const spec = runHistoryTable("test_nba_processing");
    await warehouse().ensureTables([spec]);
    expect(fake.queries).toHaveLength(3);
    expect(fake.queries[0]).toBe(
      "SELECT table_name, column_name, data_type FROM `nba-props-test.region-us.INFORMATION_SCHEMA.COLUMNS` WHERE table_schema = @schema ORDER BY table_name, ordinal_position",
    );
    expect(fake.queries[1]).toBe(
      'CREATE SCHEMA IF NOT EXISTS `nba-props-test.test_nba_processing` OPTIONS (location = "US")',
    );
    expect(fake.queries[2]).toContain(
      "CREATE TABLE IF NOT EXISTS `nba-props-test.test_nba_processing.run_history` (\n  run_id STRING,",
    );
    expect(fake.queries[2]).toContain(
      "\nPARTITION BY DATE(started_at)\nCLUSTER BY action, status\nOPTIONS (description = ",
    );
    expect(await zetasql.failures(fake.queries, { schema: "STRING" })).toEqual([]);
  });

  it("a table made before a column was declared gains it; a dataset whose tables all match costs one job", async () => {
    const runs = runHistoryTable("nba_processing");
    const assertions = assertionLogTable("nba_processing");
    const present = (spec: typeof runs, columns: string[]) =>
      columns.map((column_name) => ({ table_name: spec.name, column_name }));
    const older = runs.columns.map((c) => c.name).filter((c) => c !== "correlation_id");
    answers = (sql) =>
      sql.includes("INFORMATION_SCHEMA.COLUMNS")
        ? {
            rows: [
              ...present(
                assertions,
                assertions.columns.map((c) => c.name),
              ),
              ...present(runs, older),
            ],
          }
        : {};
    await warehouse().ensureTables([runs, assertions]);
    expect(fake.queries).toHaveLength(2);
    expect(fake.queries[1]).toMatch(
      /^ALTER TABLE `nba-props-test.nba_processing.run_history`\n {2}ADD COLUMN IF NOT EXISTS run_id STRING,[\s\S]*ADD COLUMN IF NOT EXISTS correlation_id STRING$/,
    );
    zetasql.declare(PROJECT, runs); // the ALTER is analysed against the table as declared
    expect(await zetasql.failures(fake.queries.slice(1))).toEqual([]);

    fake.jobs.clear();
    const all = [
      ...present(
        assertions,
        assertions.columns.map((c) => c.name),
      ),
      ...present(
        runs,
        runs.columns.map((c) => c.name),
      ),
    ];
    answers = (sql) => (sql.includes("INFORMATION_SCHEMA.COLUMNS") ? { rows: all } : {});
    await warehouse().ensureTables([runs, assertions]);
    expect(fake.queries).toHaveLength(1);
    expect(fake.inserted[0]!.configuration.query.queryParameters).toEqual([
      { name: "schema", parameterType: { type: "STRING" }, parameterValue: { value: "nba_processing" } },
    ]);
  });

  it("the DDL of every table the glue creates on BigQuery (processing tables, prediction table and stages) passes ZetaSQL", async () => {
    const specs = [runHistoryTable("nba_processing"), assertionLogTable("nba_processing"), predictionTableSpec("")];
    for (const spec of [...specs, stageTableSpec(predictionTableSpec(""))]) {
      await warehouse().ensureTables([spec]);
      zetasql.declare(PROJECT, spec);
    }
    expect(fake.queries.filter((q) => q.startsWith("CREATE TABLE"))).toHaveLength(4);
    expect(await zetasql.failures(fake.queries, { schema: "STRING" })).toEqual([]);
  });

  it("loads rows through a load job (newline-delimited JSON upload), appending to the existing table", async () => {
    const spec = assertionLogTable("nba_processing");
    const n = await warehouse().loadRows(spec, [
      {
        run_id: "r",
        assertion: "a.b",
        checked_tables: "x",
        file: "f.js",
        checked_at: "2026-01-01T00:00:00.000Z",
        status: "failed",
        failing_rows: 2,
        sample_rows: '[{"k":1}]',
      },
    ]);
    expect(n).toBe(1);
    expect(fake.uploads).toHaveLength(1);
    const { metadata, data } = fake.uploads[0]!;
    expect(metadata.configuration.labels).toEqual({ app: "nba-props", run_id: "run-1" });
    expect(metadata.configuration.jobTimeoutMs).toBe("30000");
    expect(metadata.configuration.load).toMatchObject({
      sourceFormat: "NEWLINE_DELIMITED_JSON",
      writeDisposition: "WRITE_APPEND",
      createDisposition: "CREATE_NEVER",
      destinationTable: { projectId: PROJECT, datasetId: "nba_processing", tableId: "assertion_log" },
    });
    expect(metadata.jobReference.jobId).toMatch(/^nbap_load_assertion_log_[0-9a-f]{32}$/);
    expect(JSON.parse(data.trim())).toEqual({
      run_id: "r",
      assertion: "a.b",
      checked_tables: "x",
      file: "f.js",
      checked_at: "2026-01-01T00:00:00.000Z",
      status: "failed",
      failing_rows: 2,
      sample_rows: '[{"k":1}]',
      error: null,
    });
  });

  it("runs a transaction in one BigQuery session: BEGIN creates it, every statement carries it, COMMIT ends it", async () => {
    await warehouse().transaction(async (s) => {
      await s.execute("DELETE FROM t WHERE TRUE");
    });
    const jobs = fake.inserted.map((j) => j.configuration.query);
    expect(jobs.map((q) => q.query)).toEqual(["BEGIN TRANSACTION", "DELETE FROM t WHERE TRUE", "COMMIT TRANSACTION"]);
    expect(jobs[0].createSession).toBe(true);
    for (const q of jobs.slice(1))
      expect(q.connectionProperties).toEqual([{ key: "session_id", value: fake.sessionId }]);
  });
});

describe("BigQuery mergeRows (prediction writes)", () => {
  it("stages the batch by a load job, then deletes the replaced groups' leftovers and MERGEs in one session, then drops the stage; the SQL passes ZetaSQL", async () => {
    answers = (sql) => (sql.startsWith("MERGE") ? { numDmlAffectedRows: 2 } : {});
    const spec = predictionTableSpec("");
    const row = (system: string) => ({
      game_date: "2024-01-10",
      game_id: "0022300500",
      player_id: "203999",
      player_lookup: "nikolajokic",
      market: "points",
      system_id: system,
      predicted_value: 27.5,
    });
    const changed = await warehouse().mergeRows(spec, [row("moving_average"), row("ensemble")], {
      key: ["game_date", "game_id", "player_id", "market", "system_id"],
      replaceGroupsBy: ["game_id", "player_id"],
    });
    expect(changed).toBe(2);

    expect(fake.uploads).toHaveLength(1);
    const upload = fake.uploads[0]!;
    expect(upload.metadata.configuration.load.destinationTable).toMatchObject({
      datasetId: "nba_predictions",
      tableId: "player_prop_predictions_stage",
    });
    const staged = upload.data
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(staged.map((r) => r.system_id)).toEqual(["moving_average", "ensemble"]);
    const batchId = staged[0].merge_batch_id as string;
    expect(staged[1].merge_batch_id).toBe(batchId);

    const jobs = fake.inserted.filter((j) => j.configuration.query).map((j) => j.configuration.query);
    const texts = jobs.map((q) => q.query as string);
    const begin = texts.indexOf("BEGIN TRANSACTION");
    expect(texts.slice(begin + 1, begin + 4).map((t) => t.split(" ")[0])).toEqual(["DELETE", "MERGE", "COMMIT"]);
    for (const q of jobs.slice(begin + 1, begin + 3)) {
      expect(q.connectionProperties).toEqual([{ key: "session_id", value: fake.sessionId }]);
      expect(q.queryParameters).toEqual([
        { name: "merge_batch_id", parameterType: { type: "STRING" }, parameterValue: { value: batchId } },
      ]);
    }
    expect(texts[begin + 2]).toContain(
      "ON T.game_date = S.game_date AND T.game_id = S.game_id AND T.player_id = S.player_id AND T.market = S.market AND T.system_id = S.system_id",
    );
    expect(texts.at(-1)).toBe(
      "DELETE FROM `nba-props-test.nba_predictions.player_prop_predictions_stage` WHERE merge_batch_id = @merge_batch_id",
    );
    expect(jobs.at(-1)!.connectionProperties).toBeUndefined();

    zetasql.declare(PROJECT, spec);
    zetasql.declare(PROJECT, {
      ...spec,
      name: "player_prop_predictions_stage",
      columns: [{ name: "merge_batch_id", type: "STRING" }, ...spec.columns],
    });
    const ddlAndDml = texts.filter((t) => !/^(BEGIN|COMMIT)/.test(t));
    expect(await zetasql.failures(ddlAndDml, { merge_batch_id: "STRING", schema: "STRING" })).toEqual([]);
  });
});

describe("BigQuery load retries", () => {
  it("retries an upload answered 503 with the same job id", async () => {
    fake.failures = [503];
    await warehouse().loadRows(runHistoryTable("nba_processing"), [
      {
        run_id: "r",
        action: "a",
        action_type: "table",
        status: "succeeded",
        started_at: "2026-01-01T00:00:00Z",
        duration_ms: 1,
      },
    ]);
    const uploads = fake.server.requests.filter((r) => r.path.startsWith("/upload/"));
    expect(uploads).toHaveLength(2);
    expect(fake.uploads).toHaveLength(1);
    expect(uploads[0]!.body).toContain(fake.uploads[0]!.metadata.jobReference.jobId);
  });
});
