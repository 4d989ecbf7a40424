process.env.METADATA_SERVER_DETECTION = "none";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { BigQueryWarehouse } from "../../ts/gcp/bigquery-warehouse.ts";
import { ChangeDetector, type ModelShape } from "../../ts/orchestration/change-detection.ts";
import { DeadLetters } from "../../ts/orchestration/dead-letters.ts";
import { EntityScopeTable } from "../../ts/orchestration/entity-scope.ts";
import { FlowRecords, StepState } from "../../ts/orchestration/flow-state.ts";
import { LocalCompletionStore } from "../../ts/orchestration/local-completion-store.ts";
import { ensureOrchestrationTables } from "../../ts/orchestration/orchestration-tables.ts";
import { RunTracker } from "../../ts/orchestration/run-tracker.ts";
import { ensureWarehouseTables } from "../../ts/orchestration/warehouse-tables.ts";
import { loadBatch } from "../../ts/predictions/coordinator.ts";
import { evaluatePredictions } from "../../ts/predictions/evaluation.ts";
import { featureDates, predictionRange } from "../../ts/predictions/prediction-range.ts";
import { storedFingerprints } from "../../ts/predictions/prediction-table.ts";
import { REPO } from "../analytics/fixture.ts";
import { BigQueryFake, type FakeQueryResult } from "./bigquery-fake.ts";
import { OfflineBigQuery } from "./zetasql.ts";

/**
 * The flow's bookkeeping (step state, flow records, change detection, run history, entity scope, dead letters) and
 * the prediction coordinator's reads, on the gcp runtime's Warehouse adapter against the fake BigQuery REST API:
 * every statement is BigQuery SQL that ZetaSQL accepts against the declared and compiled tables, with every
 * outside value bound as a typed query parameter (never in the SQL text), and every job labelled.
 */
const PROJECT = "nba-props-test";
const CORRELATION = "cid-7f3a91";
const PLAYER = "zionwilliamson";
const DAY = "2024-01-15";

const answer = (sql: string): FakeQueryResult => {
  if (sql.includes("INFORMATION_SCHEMA.TABLES")) return { rows: [{ n: 1 }] };
  if (sql.includes("FARM_FINGERPRINT")) return { rows: [{ n: 12, h: "-4242" }] };
  if (sql.startsWith("WITH cur AS"))
    return { rows: [{ n: 2, players: `["${PLAYER}"]`, teams: "null", total_players: 40, total_teams: 0 }] };
  if (sql.includes("AS first_line")) return { rows: [{ first_line: "2024-01-02", last_feature: "2024-01-20" }] };
  return {};
};

const fake = new BigQueryFake(answer);
let zetasql: OfflineBigQuery;
let bigquery: BigQueryWarehouse;
let claims: DuckDbWarehouse;

beforeAll(async () => {
  bigquery = new BigQueryWarehouse({
    projectId: PROJECT,
    location: "US",
    timeoutMs: 30_000,
    apiEndpoint: await fake.start(),
    labels: { run_id: "run-1" },
    maxRetryDelaySeconds: 1,
  });
  zetasql = await OfflineBigQuery.start();
  // every compiled table's schema, under the project the adapter names (the compile's default is the prod project)
  await zetasql.declareCompiledGraph(PROJECT, REPO);
  zetasql.declareInformationSchema(PROJECT);
  zetasql.declareFlowTables(PROJECT);
  // the run claims live in the CompletionStore (Firestore on gcp): here the local one, on its own DuckDB
  claims = await DuckDbWarehouse.open(":memory:");
  await ensureOrchestrationTables(claims, "");
}, 120_000);

afterAll(async () => {
  await fake.stop();
  await zetasql?.stop();
  await claims?.close();
});

const window = { start: DAY, end: DAY };

async function runBookkeeping(): Promise<void> {
  await ensureWarehouseTables(bigquery, "");
  const flows = new FlowRecords(bigquery, "");
  await flows.unfinished("daily", window);
  await flows.begin(CORRELATION, "daily", window);
  const steps = new StepState(bigquery, "");
  await steps.fingerprint("phase3", window);
  await steps.outputs("phase3", window);
  const tracker = new RunTracker(bigquery, new LocalCompletionStore(claims, ""), "", 3_600_000);
  const run = { runId: "run-1", step: "phase3", phase: "phase3", correlationId: CORRELATION, window, scope: null };
  await tracker.start(run);
  const detector = new ChangeDetector(bigquery, "");
  const keyed: ModelShape = {
    name: "player_game_summary",
    ref: { schema: "nba_analytics", name: "player_game_summary" },
    uniqueKey: ["game_id", "player_lookup"],
    columns: new Set(["game_id", "player_lookup", "team_abbr", "game_date", "data_hash"]),
  };
  const changes = await detector.detect(keyed, window);
  expect(changes).toMatchObject({ rows: 2, players: [PLAYER], teams: [], totalPlayers: 40, incremental: true });
  await detector.commit(keyed, window, changes.outputVersion);
  const unkeyed: ModelShape = {
    name: "player_dim",
    ref: { schema: "nba_analytics", name: "player_dim" },
    uniqueKey: [],
    columns: new Set(["player_lookup"]),
  };
  const content = await detector.detect(unkeyed, window);
  expect(content.rows).toBe(12);
  await detector.commit(unkeyed, window, content.outputVersion);
  const scope = new EntityScopeTable(bigquery, "");
  await scope.write("scope-1", { players: [PLAYER], teams: ["NOP"] });
  await scope.clear("scope-1");
  await tracker.recordFailures(run, "player_game_summary", [
    { entityType: "player", entityId: PLAYER, gameDate: DAY, error: "assertion failed" },
  ]);
  await tracker.finish(run, { status: "success", seconds: 1.5, records: 2, summary: { ok: true } });
  await steps.record("phase3", window, "fp-1", ["player_game_summary=v1"]);
  await new DeadLetters(bigquery, "").keep("nba-phase3-trigger", "m-1", "{}", "rejected on receive: bad");
  await flows.end(CORRELATION, "finished", null);
  await flows.status(CORRELATION);
  // the prediction coordinator's reads
  expect(await predictionRange(bigquery, "")).toEqual({ ok: true, from: "2024-01-02", to: "2024-01-20" });
  await featureDates(bigquery, "", DAY, DAY);
  await loadBatch(bigquery, "", DAY, DAY);
  await storedFingerprints(bigquery, "", DAY, DAY);
  await evaluatePredictions(bigquery, "", { from: DAY, to: DAY });
}

interface QueryJob {
  sql: string;
  params: Record<string, string>;
  values: string[];
  labels: Record<string, string>;
}

function queryJobs(): QueryJob[] {
  return fake.inserted
    .filter((j) => j.configuration?.query)
    .map((j) => {
      const q = j.configuration.query;
      const parameters: { name: string; parameterType: { type: string }; parameterValue: { value?: string } }[] =
        q.queryParameters ?? [];
      return {
        sql: q.query as string,
        params: Object.fromEntries(parameters.map((p) => [p.name, p.parameterType.type])),
        values: parameters.map((p) => String(p.parameterValue?.value ?? "")),
        labels: j.configuration.labels ?? {},
      };
    });
}

describe("NBA_PROPS_RUNTIME=gcp: the flow's bookkeeping and the prediction reads go through the BigQuery adapter", () => {
  it("sends only BigQuery SQL that ZetaSQL accepts, outside values bound as typed parameters, every job labelled", async () => {
    await runBookkeeping();
    const jobs = queryJobs();
    const statements = jobs.filter((j) => !/^(BEGIN|COMMIT|ROLLBACK) TRANSACTION$/.test(j.sql));
    expect(statements.length).toBeGreaterThan(30);
    const failures: string[] = [];
    for (const j of statements) failures.push(...(await zetasql.failures([j.sql], j.params)));
    expect(failures).toEqual([]);
    // no DuckDB dialect left: no from_json / ON CONFLICT / $params / double-quoted DuckDB paths
    expect(jobs.filter((j) => /from_json|ON CONFLICT|string_split|\$[a-z]|"nba_/.test(j.sql))).toEqual([]);
    // the correlation id, the entity and the dates travel as parameters or loaded rows, never in SQL text
    for (const value of [CORRELATION, PLAYER, DAY]) expect(jobs.filter((j) => j.sql.includes(value))).toEqual([]);
    expect(jobs.some((j) => j.values.includes(CORRELATION))).toBe(true);
    expect(jobs.some((j) => j.values.includes(DAY))).toBe(true);
    for (const j of jobs) expect(j.labels).toMatchObject({ app: "nba-props", run_id: "run-1" });
    expect(statements.every((j) => j.labels.action)).toBe(true);
  }, 120_000);

  it("appends run history, flows, failures, scope and dead letters by load jobs; upserts step state by a staged MERGE", () => {
    const loads = fake.uploads.map((u) => u.metadata.configuration.load.destinationTable.tableId);
    expect(new Set(loads)).toEqual(
      new Set(["flows", "processor_runs", "entity_scope", "processing_failures", "step_state_stage", "dead_letters"]),
    );
    const scope = fake.uploads.find((u) => u.metadata.configuration.load.destinationTable.tableId === "entity_scope")!;
    expect(scope.data.split("\n").map((l) => JSON.parse(l))).toEqual([
      { scope_id: "scope-1", entity_type: "player", entity_id: PLAYER },
      { scope_id: "scope-1", entity_type: "team", entity_id: "NOP" },
    ]);
    const runs = fake.uploads
      .filter((u) => u.metadata.configuration.load.destinationTable.tableId === "processor_runs")
      .map((u) => JSON.parse(u.data));
    expect(runs.map((r) => r.status)).toEqual(["running", "success"]);
    expect(runs[1].started_at).toBe(runs[0].started_at);
    const sql = queryJobs().map((j) => j.sql);
    expect(sql.some((s) => s.startsWith("MERGE `nba-props-test.nba_processing.step_state` T"))).toBe(true);
    // change detection's publish is one transaction: state replaced and version upserted in one session
    const begin = sql.findIndex((s) => s.startsWith("BEGIN TRANSACTION"));
    expect(sql.slice(begin + 1, begin + 5).map((s) => s.split(/\s/)[0])).toEqual([
      "DELETE",
      "INSERT",
      "MERGE",
      "COMMIT",
    ]);
  });
});
