import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BigQueryFake, type FakeQueryResult } from "./bigquery-fake.ts";
import { DataformFake } from "./dataform-fake.ts";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const PROJECT = "nba-props-test";
const REPO = `projects/${PROJECT}/locations/us-central1/repositories/nba-props`;
const dataform = new DataformFake();
let answer: (sql: string) => FakeQueryResult = () => ({ totalBytesProcessed: 1234 });
const bigquery = new BigQueryFake((sql) => answer(sql));
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  env = {
    ...process.env,
    NBA_PROPS_RUNTIME: "gcp",
    GCP_PROJECT: PROJECT,
    GCP_REGION: "us-central1",
    NBA_PROPS_LOG_LEVEL: "silent",
    DATAFORM_API_ENDPOINT: await dataform.start(),
    BIGQUERY_API_ENDPOINT: await bigquery.start(),
    METADATA_SERVER_DETECTION: "none",
  };
  const target = { database: PROJECT, schema: "nba_analytics", name: "game_dim" };
  dataform.compilationActions = [
    {
      target,
      filePath: "definitions/analytics/game_dim.sqlx",
      relation: { relationType: "TABLE", selectQuery: "SELECT 1 AS game_id" },
    },
  ];
  dataform.invocationActions = [
    {
      target,
      state: "SUCCEEDED",
      invocationTiming: { startTime: "2026-11-30T10:00:00Z", endTime: "2026-11-30T10:00:02Z" },
    },
  ];
});
afterAll(async () => {
  await dataform.stop();
  await bigquery.stop();
});

const cli = (...args: string[]) =>
  run(process.execPath, [path.join(ROOT, "bin", "nba-props.js"), ...args, "--project", ROOT], { env });

describe("NBA_PROPS_RUNTIME=gcp: the CLI goes through the Dataform and BigQuery adapters", () => {
  it("run invokes the selection in Dataform and records run history in BigQuery", async () => {
    const { stdout } = await cli("run", "--tags", "phase3", "--include-deps");
    expect(stdout).toContain("nba_analytics.game_dim");
    const [invoke] = dataform.calls("POST", /\/workflowInvocations$/);
    expect(invoke!.path).toBe(`/v1/${REPO}/workflowInvocations`);
    expect((invoke!.json as any).invocationConfig).toMatchObject({
      includedTags: ["phase3"],
      transitiveDependenciesIncluded: true,
    });
    expect(bigquery.uploads.map((u) => u.metadata.configuration.load.destinationTable.tableId)).toEqual([
      "run_history",
    ]);
  }, 120_000);

  it("run --runtime gcp --dry-run reports bytes from BigQuery dry runs (the flag overrides NBA_PROPS_RUNTIME)", async () => {
    const { stdout } = await run(
      process.execPath,
      [path.join(ROOT, "bin", "nba-props.js"), "run", "--runtime", "gcp", "--dry-run", "--project", ROOT],
      {
        env: { ...env, NBA_PROPS_RUNTIME: "local" },
      },
    );
    expect(stdout).toContain("nba_analytics.game_dim\t1234 bytes");
    expect(stdout).toContain("total\t1234 bytes");
  }, 120_000);

  it("load goes through the BigQuery raw store: tables from their declarations, rows by a load job, the replace in one session", async () => {
    const teams = 30; // data rows of reference/team_crosswalk.csv
    answer = (sql) =>
      sql.startsWith("WITH held AS")
        ? { rows: [{ in_table: teams, superseded: 0, same_version: 0 }] }
        : sql.startsWith("SELECT (SELECT COUNT(*)") || sql.startsWith("SELECT COUNT(*) AS n")
          ? { rows: [{ n: teams }] }
          : sql.startsWith("SELECT COUNTIF(from_incoming = 1)")
            ? { rows: [{ inserted: teams, displaced: 0, restored: 0 }] }
            : {};
    bigquery.uploads.length = 0;
    bigquery.jobs.clear();
    const { stdout } = await cli("load", path.join(ROOT, "../shared/data/reference/team_crosswalk.csv"));
    expect(stdout).toMatch(/team_crosswalk/);
    const queries = bigquery.queries;
    expect(queries).toContain('CREATE SCHEMA IF NOT EXISTS `nba-props-test.nba_raw` OPTIONS (location = "US")');
    expect(
      queries.some(
        (q) =>
          q.startsWith("CREATE TABLE IF NOT EXISTS `nba-props-test.nba_raw.player_box_scores`") &&
          q.includes("PARTITION BY game_date"),
      ),
    ).toBe(true);
    const [staged] = bigquery.uploads;
    expect(staged!.metadata.configuration.load.destinationTable.tableId).toBe("team_crosswalk_incoming");
    expect(staged!.data.trim().split("\n")).toHaveLength(teams);
    const begin = queries.indexOf("BEGIN TRANSACTION");
    const commit = queries.indexOf("COMMIT TRANSACTION");
    expect(begin).toBeGreaterThan(0);
    expect(
      queries.slice(begin, commit).some((q) => q.startsWith("INSERT INTO `nba-props-test.nba_raw.load_log`")),
    ).toBe(true);
    // no DuckDB SQL reached BigQuery
    expect(queries.filter((q) => /from_json|unnest\(|list_value|struct_pack|FILTER \(WHERE|"nba_raw"/.test(q))).toEqual(
      [],
    );
  }, 120_000);
  it("report reads BigQuery: one metadata job per report dataset, under the configured project", async () => {
    bigquery.jobs.clear();
    answer = () => ({});
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "nbap-gcp-report-"));
    try {
      const out = path.join(home, "report.html");
      const { stdout } = await cli("report", "--out", out);
      expect(stdout.trim()).toBe(`report (): ${out}`); // an empty project: no section has its tables
      expect(fs.readFileSync(out, "utf8")).toContain(`from BigQuery project ${PROJECT}`);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
    const schemas = bigquery.inserted.map((j) => j.configuration.query.queryParameters[0].parameterValue.value);
    expect(schemas).toEqual(["nba_raw", "nba_analytics", "nba_precompute", "nba_predictions", "nba_processing"]);
    expect(bigquery.queries.every((q) => q.includes(`\`${PROJECT}.region-us.INFORMATION_SCHEMA.COLUMNS\``))).toBe(true);
  }, 120_000);

  it("predict reads the feature store, the batch and the stored predictions through the BigQuery adapter, dates bound as parameters", async () => {
    bigquery.jobs.clear();
    answer = (sql) => {
      if (sql.includes("INFORMATION_SCHEMA.TABLES")) return { rows: [{ n: 1 }] };
      if (sql.includes("AS d FROM")) return { rows: [{ d: "2024-01-15" }] };
      return {};
    };
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "nbap-gcp-predict-"));
    try {
      const { stdout } = await run(
        process.execPath,
        [
          path.join(ROOT, "bin", "nba-props.js"),
          "predict",
          "--date",
          "2024-01-15",
          "--no-train",
          "--json",
          "--project",
          ROOT,
        ],
        { env: { ...env, NBA_PROPS_HOME: home } },
      );
      expect(JSON.parse(stdout)).toMatchObject({ ok: true });
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
    const jobs = bigquery.inserted.filter((j) => j.configuration?.query).map((j) => j.configuration);
    const batch = jobs.find((j) => j.labels?.action === "prediction_batch");
    expect(batch!.query.query).toContain("`nba-props-test.nba_analytics.upcoming_player_game_context`");
    expect(batch!.query.query).toContain("CAST(@from_date AS DATE)");
    expect(
      Object.fromEntries(
        (batch!.query.queryParameters as { name: string; parameterValue: { value: string } }[]).map((p) => [
          p.name,
          p.parameterValue.value,
        ]),
      ),
    ).toMatchObject({ from_date: "2024-01-15", to_date: "2024-01-15", history_from: "2023-10-17" });
    expect(jobs.some((j) => j.labels?.action === "prediction_fingerprints")).toBe(true);
    const texts = jobs.map((j) => j.query.query as string);
    expect(texts.filter((q) => q.includes("2024-01-15") || /from_json|\$[a-z]|"nba_/.test(q))).toEqual([]);
  }, 120_000);
});
