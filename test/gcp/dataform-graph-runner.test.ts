process.env.METADATA_SERVER_DETECTION = "none";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../ts/config/logger.ts";
import { assertionOutputSql } from "../../ts/gcp/assertion-report.ts";
import { BigQueryWarehouse } from "../../ts/gcp/bigquery-warehouse.ts";
import { dataformClient } from "../../ts/gcp/dataform-client.ts";
import { DataformGraphRunner, InvocationTimeoutError } from "../../ts/gcp/dataform-graph-runner.ts";
import { BigQueryFake } from "./bigquery-fake.ts";
import { DataformFake } from "./dataform-fake.ts";
import { OfflineBigQuery } from "./zetasql.ts";

const PROJECT = "nba-props-test";
const REPO = `projects/${PROJECT}/locations/us-central1/repositories/nba-props`;
const dataform = new DataformFake();
const bigquery = new BigQueryFake((sql) =>
  sql.startsWith("SELECT COUNT(*) AS failing_rows")
    ? { rows: [{ failing_rows: 2, sample_rows: '[{"game_id":"0022300061"},{"game_id":"0022300062"}]' }] }
    : {},
);
let dfEndpoint = "";
let bqEndpoint = "";

beforeAll(async () => {
  dfEndpoint = await dataform.start();
  bqEndpoint = await bigquery.start();
});
afterAll(async () => {
  await dataform.stop();
  await bigquery.stop();
});
beforeEach(() => {
  dataform.server.requests.length = 0;
  bigquery.jobs.clear();
  bigquery.uploads.length = 0;
  dataform.invocationStates = ["SUCCEEDED"];
  dataform.compilationErrors = [];
  dataform.compilationActions = [
    {
      target: { database: PROJECT, schema: "nba_analytics", name: "player_game_summary" },
      filePath: "definitions/analytics/player_game_summary.sqlx",
      relation: { relationType: "INCREMENTAL_TABLE", selectQuery: "SELECT 1 AS x" },
    },
    {
      target: { database: PROJECT, schema: "nba_assertions", name: "pgs_minutes" },
      filePath: "definitions/assertions/player_game_summary.js",
      assertion: {
        selectQuery: "SELECT 1 AS game_id",
        dependencyTargets: [{ database: PROJECT, schema: "nba_analytics", name: "player_game_summary" }],
      },
    },
  ];
  dataform.invocationActions = [
    {
      target: { database: PROJECT, schema: "nba_analytics", name: "player_game_summary" },
      state: "SUCCEEDED",
      invocationTiming: { startTime: "2026-11-30T10:00:00Z", endTime: "2026-11-30T10:00:05Z" },
    },
    {
      target: { database: PROJECT, schema: "nba_assertions", name: "pgs_minutes" },
      state: "FAILED",
      failureReason: "Assertion failed: query returned 2 row(s).",
      invocationTiming: { startTime: "2026-11-30T10:00:06Z", endTime: "2026-11-30T10:00:07Z" },
    },
  ];
});

function runner(options: Partial<ConstructorParameters<typeof DataformGraphRunner>[2]> = {}) {
  const warehouse = new BigQueryWarehouse({
    projectId: PROJECT,
    location: "US",
    timeoutMs: 10_000,
    apiEndpoint: bqEndpoint,
  });
  return new DataformGraphRunner(
    dataformClient(dfEndpoint),
    async () => warehouse,
    {
      project: PROJECT,
      region: "us-central1",
      repository: "nba-props",
      releaseConfig: "production",
      serviceAccount: "dataform-runner@nba-props-test.iam.gserviceaccount.com",
      timeoutMs: 5_000,
      pollMs: 10,
      pollCapMs: 40,
      ...options,
    },
    createLogger("silent"),
  );
}

describe("Dataform graph runner against a fake Dataform API (HTTP/JSON) and a fake BigQuery", () => {
  it("compiles from the release config when nothing is overridden, invokes the selection and maps every action state", async () => {
    dataform.invocationStates = ["RUNNING", "RUNNING", "FAILED"];
    const summary = await runner().run({
      compile: { projectDir: "." },
      tags: ["phase3"],
      includeDeps: true,
      fullRefresh: true,
    });
    const [compile] = dataform.calls("POST", /\/compilationResults$/);
    expect(compile!.path).toBe(`/v1/${REPO}/compilationResults`);
    expect(compile!.json).toEqual({ releaseConfig: `${REPO}/releaseConfigs/production` });
    const [invoke] = dataform.calls("POST", /\/workflowInvocations$/);
    expect(invoke!.json).toEqual({
      compilationResult: `${REPO}/compilationResults/cr-1`,
      invocationConfig: {
        includedTags: ["phase3"],
        transitiveDependenciesIncluded: true,
        transitiveDependentsIncluded: false,
        fullyRefreshIncrementalTablesEnabled: true,
        serviceAccount: "dataform-runner@nba-props-test.iam.gserviceaccount.com",
      },
    });
    expect(dataform.calls("GET", /\/workflowInvocations\/inv-1$/)).toHaveLength(3);
    expect(summary.ok).toBe(false);
    expect(summary.outcomes.map((o) => [o.name, o.type, o.status, o.durationMs])).toEqual([
      ["nba_analytics.player_game_summary", "incremental", "succeeded", 5000],
      ["nba_assertions.pgs_minutes", "assertion", "failed", 1000],
    ]);
  });

  it("compiles from a git commitish with vars, schema suffix and table prefix in the code compilation config", async () => {
    await runner({ gitCommitish: "v1.2.0" }).run({
      compile: {
        projectDir: ".",
        vars: { start_date: "2024-01-01", end_date: "2024-01-31" },
        schemaSuffix: "dev",
        tablePrefix: "t",
      },
      actions: ["nba_analytics.player_game_summary"],
    });
    const [compile] = dataform.calls("POST", /\/compilationResults$/);
    expect(compile!.json).toEqual({
      gitCommitish: "v1.2.0",
      codeCompilationConfig: {
        defaultDatabase: PROJECT,
        vars: { start_date: "2024-01-01", end_date: "2024-01-31" },
        schemaSuffix: "dev",
        tablePrefix: "t",
      },
    });
    const [invoke] = dataform.calls("POST", /\/workflowInvocations$/);
    expect((invoke!.json as any).invocationConfig.includedTargets).toEqual([
      { database: PROJECT, schema: "nba_analytics", name: "player_game_summary" },
    ]);
  });

  it("stops on compilation errors, naming the file", async () => {
    dataform.compilationErrors = [{ path: "definitions/analytics/x.sqlx", message: "Unexpected token" }];
    await expect(runner().run({ compile: { projectDir: "." } })).rejects.toThrow(
      /definitions\/analytics\/x.sqlx: Unexpected token/,
    );
    expect(dataform.calls("POST", /\/workflowInvocations$/)).toHaveLength(0);
  });

  it("cancels an invocation that is still running at the timeout", async () => {
    dataform.invocationStates = ["RUNNING"];
    await expect(runner({ timeoutMs: 200 }).run({ compile: { projectDir: "." } })).rejects.toBeInstanceOf(
      InvocationTimeoutError,
    );
    expect(dataform.calls("POST", /\/workflowInvocations\/inv-\d+:cancel$/)).toHaveLength(1);
  });

  it("retries Dataform calls answered 503 or 429 (not the invocation itself, which is not idempotent)", async () => {
    dataform.failures = [503, 429];
    await runner().run({ compile: { projectDir: "." } });
    expect(dataform.calls("POST", /\/compilationResults$/)).toHaveLength(3);
  }, 20_000);

  it("appends run history and an assertion report read from the failed assertion's view; report SQL passes ZetaSQL", async () => {
    const summary = await runner().run({ compile: { projectDir: "." }, correlationId: "flow-7" });
    // the outcome carries what the view held, as the local runner's does (the flow names the entities from it)
    expect(summary.outcomes.find((o) => o.name === "nba_assertions.pgs_minutes")!.assertion).toEqual({
      failingRows: 2,
      sample: [{ game_id: "0022300061" }, { game_id: "0022300062" }],
    });
    const sql = assertionOutputSql({ database: PROJECT, schema: "nba_assertions", name: "pgs_minutes" });
    expect(bigquery.queries).toContain(sql);
    const loads = Object.fromEntries(
      bigquery.uploads.map((u) => [
        u.metadata.configuration.load.destinationTable.tableId,
        u.data
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l)),
      ]),
    );
    expect(loads.run_history!.map((r: any) => [r.action, r.action_type, r.status])).toEqual([
      ["nba_analytics.player_game_summary", "incremental", "succeeded"],
      ["nba_assertions.pgs_minutes", "assertion", "failed"],
    ]);
    // the flow's correlation id reaches every run_history row, as on the local runner
    expect(loads.run_history!.map((r: any) => r.correlation_id)).toEqual(["flow-7", "flow-7"]);
    expect(loads.assertion_log).toEqual([
      expect.objectContaining({
        assertion: "nba_assertions.pgs_minutes",
        checked_tables: "nba_analytics.player_game_summary",
        status: "failed",
        failing_rows: 2,
        sample_rows: '[{"game_id":"0022300061"},{"game_id":"0022300062"}]',
        error: null,
      }),
    ]);
    const zetasql = await OfflineBigQuery.start();
    try {
      zetasql.catalog.set(`${PROJECT}.nba_assertions.pgs_minutes`, [
        { name: "game_id", type: { typeKind: "TYPE_STRING" } as never },
      ]);
      expect(await zetasql.failures([sql])).toEqual([]);
    } finally {
      await zetasql.stop();
    }
  });

  it("refuses a dataset prefix, which a Dataform compilation cannot apply, before anything is compiled", async () => {
    await expect(runner().run({ compile: { projectDir: "." }, datasetPrefix: "replay_" })).rejects.toThrow(
      /--schema-suffix/,
    );
    expect(dataform.calls("POST", /compilationResults$/)).toEqual([]);
  });

  it("dry run reports each compiled statement's bytes through BigQuery dry-run jobs", async () => {
    const text = await runner().dryRun({ compile: { projectDir: "." } });
    expect(bigquery.inserted.every((j) => j.configuration.dryRun === true)).toBe(true);
    expect(bigquery.queries).toEqual(["SELECT 1 AS x", "SELECT 1 AS game_id"]);
    expect(text).toContain("nba_analytics.player_game_summary\t0 bytes");
  });
});
