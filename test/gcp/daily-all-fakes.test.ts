process.env.METADATA_SERVER_DETECTION = "none";

import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { Firestore } from "@google-cloud/firestore";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../ts/engine/compile.ts";
import { assertionLogTable, runHistoryTable } from "../../ts/engine/processing-tables.ts";
import { rawTableSpec, stagingTableSpec } from "../../ts/gcp/bigquery-raw-sql.ts";
import { RAW_TABLES } from "../../ts/raw/raw-tables.ts";
import { startFirestoreEmulator } from "../orchestration/firestore-emulator.ts";
import { PubSubFake } from "../orchestration/pubsub-fake.ts";
import { BigQueryFake } from "./bigquery-fake.ts";
import { BigQueryWorld } from "./bigquery-world.ts";
import { compilationActionsOf, DataformFake, invokedByTags } from "./dataform-fake.ts";
import { OfflineBigQuery } from "./zetasql.ts";

/**
 * One whole `nba-props daily` on the gcp runtime, the real CLI as a child process, every port on its Google Cloud
 * adapter against a local fake at once: BigQuery (REST, answered by a stateful fresh project, bigquery-world.ts),
 * Dataform (REST), Pub/Sub (gRPC) and Firestore (the pure-JS emulator). Then the same daily again (unchanged), then
 * the next date's daily with a failing grading invocation.
 */
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const DATA = path.resolve(ROOT, "../shared/data");
const PROJECT = "nba-props-test";
const REGION = "us-central1";
const REPO = `projects/${PROJECT}/locations/${REGION}/repositories/nba-props`;
/** A Saturday of the 2021-22 season: games in the box scores, no prop line before 2023-24. */
const DAY = "2022-01-15";
/** The next day, whose grading fails in Dataform (third daily). */
const NEXT_DAY = "2022-01-16";
const DEPLOY = JSON.parse(fs.readFileSync(path.join(ROOT, "deploy/dataform.json"), "utf8")) as {
  releaseConfigs: { id: string; gitCommitish: string }[];
};
const RELEASE = DEPLOY.releaseConfigs[0]!;

const world = new BigQueryWorld(PROJECT);
const bigquery = new BigQueryFake(world.answer);
bigquery.onUpload = (metadata, data) => world.upload(metadata, data);
const dataform = new DataformFake();
const pubsub = new PubSubFake();
let firestore: Awaited<ReturnType<typeof startFirestoreEmulator>>;
let home: string;
let env: NodeJS.ProcessEnv;
let compiled: Record<string, any>[];

interface Daily {
  code: number;
  result: { ok: boolean; flow: Record<string, any>; load: Record<string, any>; report: string | null };
  jobs: Record<string, any>[];
  uploads: Record<string, any>[];
  invocations: [string, Record<string, any>][];
  compilations: Record<string, any>[];
  published: ReturnType<PubSubFake["published"]>;
  seconds: number;
}
const dailies: Daily[] = [];
/** Dataform actions that fail, by target name, with their failure reason. */
const FAILING: Record<string, string> = {};
const FAILED_MODEL = "system_daily_performance";
const FAILED_ASSERTION = "nba_predictions_prediction_accuracy_assertions_uniqueKey_0";
/** What the failed assertion's view holds: two keys of the next day's games (real game ids), each twice. */
const duplicatedKeys = gamesOn(NEXT_DAY)
  .slice(0, 2)
  .map((game_id) => ({ game_date: NEXT_DAY, game_id, system_id: "baseline", market: "points", n: 2 }));

async function daily(date = DAY): Promise<Daily> {
  const before = {
    jobs: bigquery.inserted.length,
    uploads: bigquery.uploads.length,
    invocations: dataform.invocations.size,
    compilations: compilations().length,
    published: pubsub.published().length,
  };
  const started = performance.now();
  let code = 0;
  let stdout: string;
  try {
    ({ stdout } = await run(
      process.execPath,
      [path.join(ROOT, "bin", "nba-props.js"), "daily", "--date", date, "--json", "--project", ROOT],
      { env, maxBuffer: 64 * 1024 * 1024 },
    ));
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    code = e.code;
    stdout = e.stdout;
    if (!stdout) throw new Error(`daily failed (${e.code}): ${e.stderr.slice(-4000)}`);
  }
  return {
    code,
    result: JSON.parse(stdout),
    jobs: bigquery.inserted.slice(before.jobs),
    uploads: bigquery.uploads.slice(before.uploads),
    invocations: [...dataform.invocations].slice(before.invocations),
    compilations: compilations().slice(before.compilations),
    published: pubsub.published().slice(before.published),
    seconds: (performance.now() - started) / 1000,
  };
}

beforeAll(async () => {
  firestore = await startFirestoreEmulator();
  home = fs.mkdtempSync(path.join(os.tmpdir(), "nbap-gcp-daily-"));
  env = {
    ...process.env,
    NBA_PROPS_RUNTIME: "gcp",
    GCP_PROJECT: PROJECT,
    GCP_REGION: REGION,
    METADATA_SERVER_DETECTION: "none",
    NBA_PROPS_LOG_LEVEL: "silent",
    NBA_PROPS_HOME: home,
    NBA_PROPS_DATA_DIR: DATA,
    BIGQUERY_API_ENDPOINT: await bigquery.start(),
    DATAFORM_API_ENDPOINT: await dataform.start(),
    PUBSUB_EMULATOR_HOST: await pubsub.start(),
    FIRESTORE_EMULATOR_HOST: firestore.host,
  };
  // the repository as deployed: its release config (nba-props deploy dataform), compiled to this graph
  dataform.configs.set(`${REPO}/releaseConfigs/${RELEASE.id}`, {
    name: `${REPO}/releaseConfigs/${RELEASE.id}`,
    gitCommitish: RELEASE.gitCommitish,
  });
  const graph = await compileProject({ projectDir: ROOT, vars: { start_date: DAY, end_date: DAY } });
  compiled = compilationActionsOf(graph as never, PROJECT);
  dataform.compilationActions = compiled;
  // the first invocation is still running at the first poll
  dataform.invocationStates = ["RUNNING", "SUCCEEDED"];
  dataform.invocationActions = (invocation) =>
    invokedByTags(compiled, invocation).map((a) => ({
      target: a.target,
      canonicalTarget: a.canonicalTarget,
      state: FAILING[a.target.name] ? "FAILED" : "SUCCEEDED",
      ...(FAILING[a.target.name] ? { failureReason: FAILING[a.target.name] } : {}),
      invocationTiming: { startTime: "2026-11-30T10:00:00Z", endTime: "2026-11-30T10:00:01Z" },
    }));
  dailies.push(await daily());
  dailies.push(await daily());
  // the next day: grading's invocation fails (one model fails, one assertion finds duplicated keys)
  dataform.invocationStates = ["SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "FAILED"];
  FAILING[FAILED_MODEL] = "Query error: Division by zero";
  FAILING[FAILED_ASSERTION] = "Assertion failed: query returned 2 row(s).";
  world.assertionOutputs.set(FAILED_ASSERTION, duplicatedKeys);
  dailies.push(await daily(NEXT_DAY));
}, 600_000);

afterAll(async () => {
  await bigquery.stop();
  await world.close();
  await dataform.stop();
  pubsub.stop();
  firestore?.stop();
  fs.rmSync(home, { recursive: true, force: true });
});

/** Data lines of a shipped CSV (gzip or plain), header excluded. */
function dataLines(file: string): number {
  const bytes = fs.readFileSync(file);
  const text = (file.endsWith(".gz") ? zlib.gunzipSync(bytes) : bytes).toString("utf8");
  return text.split("\n").filter((l) => l.trim() !== "").length - 1;
}

function shippedFiles(dir = DATA): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? shippedFiles(path.join(dir, e.name))
        : /\.csv(\.gz)?$/.test(e.name)
          ? [path.join(dir, e.name)]
          : [],
    );
}

const compilations = () => dataform.calls("POST", /\/compilationResults$/).map((r) => r.json as Record<string, any>);

/** Rows of a run-keyed history table (assertion_log) written by the graph runs of one flow (run_history's run ids). */
function runsOf(cid: string, table: string): Record<string, any>[] {
  const runs = new Set(
    (world.appended.get("run_history") ?? []).filter((r) => r.correlation_id === cid).map((r) => r.run_id),
  );
  return (world.appended.get(table) ?? []).filter((r) => runs.has(r.run_id));
}

/** One flow's transition documents, and the run claims held, read from the Firestore emulator by its own client. */
async function firestoreState(cid: string): Promise<{ transitions: Record<string, any>[]; claims: number }> {
  const previous = process.env.FIRESTORE_EMULATOR_HOST;
  process.env.FIRESTORE_EMULATOR_HOST = firestore.host;
  const db = new Firestore({ projectId: PROJECT });
  try {
    const transitions = await db.collection("transition_completions").where("correlation_id", "==", cid).get();
    return {
      transitions: transitions.docs.map((d) => d.data()),
      claims: (await db.collection("run_claims").get()).size,
    };
  } finally {
    await db.terminate();
    if (previous === undefined) delete process.env.FIRESTORE_EMULATOR_HOST;
    else process.env.FIRESTORE_EMULATOR_HOST = previous;
  }
}

const queryJobs = (d: Daily) => d.jobs.filter((j) => j.configuration?.query).map((j) => j.configuration);

describe("NBA_PROPS_RUNTIME=gcp: one whole daily through the BigQuery, Dataform, Pub/Sub and Firestore fakes", () => {
  it("runs every phase in order and finishes, exit code 0", () => {
    const [first] = dailies;
    expect(first!.code).toBe(0);
    expect(first!.result.ok).toBe(true);
    expect(first!.result.flow).toMatchObject({ status: "finished", mode: "daily", window: { start: DAY, end: DAY } });
    expect(first!.result.flow.steps.map((s: { step: string; outcome: string }) => [s.step, s.outcome])).toEqual(
      ["raw", "phase3", "phase4", "prediction_inputs", "predictions", "grading"].map((s) => [s, "ran"]),
    );
    // the run's report, read from BigQuery, next to the run's home
    expect(first!.result.report).toBe(path.join(home, "report.html"));
  });

  it("loads every shipped file into BigQuery by a load job (one staged upload per file, every data row), then logs it", () => {
    const [first] = dailies;
    const files = shippedFiles();
    const staged = first!.uploads.filter((u) =>
      String(u.metadata.configuration.load.destinationTable.tableId).endsWith("_incoming"),
    );
    expect(staged).toHaveLength(files.length);
    expect(world.loadLog.map((e) => e.source_file).sort()).toEqual(
      files.map((f) => path.relative(DATA, f).split(path.sep).join("/")).sort(),
    );
    expect(world.loadLog.every((e) => e.status === "loaded")).toBe(true);
    // every data line of the box scores (verbatim NBA.com rows: none rejected) is in the table
    const boxScores = files.filter((f) => f.includes("player_box_scores"));
    expect(world.rawCount("player_box_scores")).toBe(boxScores.reduce((n, f) => n + dataLines(f), 0));
    expect(world.rawCount("team_crosswalk")).toBe(dataLines(path.join(DATA, "reference/team_crosswalk.csv")));
  });

  it("runs each graph phase as one Dataform workflow invocation of its tag, compiled with the flow's window and correlation id, polled to SUCCEEDED", () => {
    const [first] = dailies;
    const cid = first!.result.flow.correlationId as string;
    expect(first!.invocations.map(([, inv]) => inv.invocationConfig)).toEqual(
      ["phase3", "phase4", "predictions", "grading"].map((tag) => ({
        includedTags: [tag],
        transitiveDependenciesIncluded: false,
        transitiveDependentsIncluded: false,
        fullyRefreshIncrementalTablesEnabled: false,
      })),
    );
    expect(first!.compilations).toHaveLength(4);
    for (const c of first!.compilations) {
      expect(c.gitCommitish).toBe(RELEASE.gitCommitish);
      expect(c.codeCompilationConfig.vars).toEqual({ start_date: DAY, end_date: DAY, correlation_id: cid });
      // Dataform builds the tables in the project the flow reads them from (not dataform.json's default)
      expect(c.codeCompilationConfig.defaultDatabase).toBe(PROJECT);
    }
    // each invocation runs its own compilation; the first is polled until it left RUNNING, the others once
    expect(first!.invocations.map(([, inv]) => inv.compilationResult)).toEqual(
      [1, 2, 3, 4].map((n) => `${REPO}/compilationResults/cr-${n}`),
    );
    const polls = (name: string) => dataform.calls("GET", new RegExp(`/${name}$`)).length;
    expect([1, 2, 3, 4].map((n) => polls(`inv-${n}`))).toEqual([2, 1, 1, 1]);
  });

  it("carries one correlation id in every Pub/Sub message, and publishes each trigger exactly once, in the documented order", () => {
    const [first] = dailies;
    const cid = first!.result.flow.correlationId as string;
    expect(new Set(first!.published.map((m) => m.body.correlation_id))).toEqual(new Set([cid]));
    const triggers = first!.published.filter((m) => m.body.metadata?.input_fingerprint);
    expect(triggers.map((m) => [m.topic, m.body.processor_name])).toEqual([
      ["nba-phase1-scrapers-complete", "flow_start"],
      ["nba-phase3-trigger", "raw_to_phase3"],
      ["nba-phase4-trigger", "phase3_to_phase4"],
      ["nba-prediction_inputs-trigger", "phase4_to_prediction_inputs"],
      ["nba-predictions-trigger", "prediction_inputs_to_predictions"],
      ["nba-grading-trigger", "predictions_to_grading"],
    ]);
    // one completion per processor of each step: the raw tables, then the tagged incremental models (else tables)
    const completions = (topic: string) =>
      first!.published.filter((m) => m.topic === topic).map((m) => m.body.processor_name as string);
    expect(completions("nba-phase2-raw-complete").sort()).toEqual(
      [...RAW_TABLES.keys()].filter((t) => t !== "load_log").sort(),
    );
    expect(completions("nba-phase3-analytics-complete").sort()).toEqual(modelsOf("phase3"));
    expect(completions("nba-phase4-precompute-complete").sort()).toEqual(modelsOf("phase4"));
    expect(completions("nba-prediction_inputs-complete")).toEqual(["pregame_prop_lines"]);
    expect(completions("nba-phase5-predictions-complete")).toEqual(["player_prop_predictions"]);
    expect(completions("nba-grading-complete").sort()).toEqual(modelsOf("grading"));
    // every message was delivered and acknowledged: nothing is left on any subscription
    const left = [...pubsub.subscriptions.values()].flat().filter((m) => !m.acked);
    expect(left).toEqual([]);
    // the changed players of phase 3 are the players of the day's box scores (every one: a full run downstream)
    const phase3 = first!.published.find((m) => m.body.processor_name === "player_game_summary")!;
    expect(phase3.body.metadata.changed_rows).toBe(playersOn(DAY).size);
  });

  it("records each transition once in Firestore: the expected processors, triggered and marked published", async () => {
    const cid = dailies[0]!.result.flow.correlationId as string;
    const { transitions: docs, claims } = await firestoreState(cid);
    expect(docs.map((d) => d.transition).sort()).toEqual(
      [
        "raw_to_phase3",
        "phase3_to_phase4",
        "phase4_to_prediction_inputs",
        "prediction_inputs_to_predictions",
        "predictions_to_grading",
        "grading_to_end",
      ].sort(),
    );
    for (const d of docs) {
      expect(d.window_key).toBe(DAY);
      expect(d.triggered).toBe(true);
      expect(d.trigger_published_at).toBeDefined();
      expect(Object.keys(d.entries).sort()).toEqual([...d.expected].sort());
    }
    // every run claim was released when its step finished
    expect(claims).toBe(0);
  });

  it("writes the flow's bookkeeping, run history and assertion log to BigQuery by load jobs, under the flow's correlation id", () => {
    const [first] = dailies;
    const cid = first!.result.flow.correlationId as string;
    const rows = (table: string) => (world.appended.get(table) ?? []) as Record<string, any>[];
    const runs = rows("processor_runs").filter((r) => r.correlation_id === cid);
    const steps = ["raw", "phase3", "phase4", "prediction_inputs", "predictions", "grading"];
    expect(runs.map((r) => [r.processor_name, r.status])).toEqual(
      steps.flatMap((s) => [
        [s, "running"],
        [s, "success"],
      ]),
    );
    // every action each invocation ran, in run_history with the correlation id; every assertion in assertion_log
    const invoked = ["phase3", "phase4", "predictions", "grading"].flatMap((tag) =>
      invokedByTags(compiled, { invocationConfig: { includedTags: [tag] } }),
    );
    const history = rows("run_history").filter((r) => r.correlation_id === cid);
    expect(history).toHaveLength(invoked.length);
    expect(history.every((r) => r.status === "succeeded")).toBe(true);
    const assertions = invoked.filter((a) => a.assertion);
    const log = runsOf(cid, "assertion_log");
    expect(log.map((r) => r.status)).toEqual(assertions.map(() => "passed"));
    expect(new Set(log.map((r) => r.run_id))).toEqual(new Set(history.map((r) => r.run_id)));
    expect(new Set(history.map((r) => r.run_id)).size).toBe(4);
    expect(world.flows.find((f) => f.correlation_id === cid)).toMatchObject({ mode: "daily", status: "finished" });
  });

  it("sends only BigQuery SQL that ZetaSQL accepts, outside values as typed parameters, every job labelled", async () => {
    const jobs = dailies.flatMap((d) => queryJobs(d));
    const cids = dailies.map((d) => d.result.flow.correlationId as string);
    const files = shippedFiles().map((f) => path.relative(DATA, f).split(path.sep).join("/"));
    // (the DDL's table descriptions name their reference files: declared text, not values)
    const statements = jobs.filter((j) => !/^(CREATE|ALTER) (TABLE|SCHEMA)/.test(j.query.query));
    for (const value of [...cids, DAY, ...files])
      expect(statements.filter((j) => j.query.query.includes(value))).toEqual([]);
    const values = jobs.flatMap((j) =>
      ((j.query.queryParameters ?? []) as { parameterValue: { value?: string } }[]).map((p) => p.parameterValue.value),
    );
    expect(values).toEqual(expect.arrayContaining([...cids, DAY, ...files]));
    expect(
      jobs.filter((j) => /from_json|ON CONFLICT|string_split|list_value|struct_pack|\$[a-z]|"nba_/.test(j.query.query)),
    ).toEqual([]);
    for (const j of jobs) expect(j.labels).toMatchObject({ app: "nba-props" });
    const zetasql = await OfflineBigQuery.start();
    try {
      await declareProject(zetasql);
      const seen = new Set<string>();
      const failures: string[] = [];
      for (const j of jobs) {
        const sql = j.query.query as string;
        if (/^(BEGIN|COMMIT|ROLLBACK) TRANSACTION$/.test(sql)) continue;
        const types = Object.fromEntries(
          ((j.query.queryParameters ?? []) as { name: string; parameterType: { type: string } }[]).map((p) => [
            p.name,
            p.parameterType.type,
          ]),
        );
        const incoming = /^CREATE TEMP TABLE raw_incoming .* FROM `[^`]+\.([^`.]+)_incoming`/s.exec(sql)?.[1];
        if (incoming) zetasql.declareLoadTemps(RAW_TABLES.get(incoming)!.columns);
        const key = `${sql}\n${JSON.stringify(types)}`;
        if (!incoming && seen.has(key)) continue;
        seen.add(key);
        failures.push(...(await zetasql.failures([sql], types)));
      }
      expect(failures).toEqual([]);
      expect(seen.size).toBeGreaterThan(100);
      // the check is not vacuous: an unknown column of a declared table fails
      expect(await zetasql.failures([`SELECT no_such_column FROM \`${PROJECT}.nba_processing.flows\``])).toHaveLength(
        1,
      );
    } finally {
      await zetasql.stop();
    }
  }, 300_000);

  it("a second daily of the same date finds its inputs unchanged: no raw load, no Dataform invocation, no trigger after raw", () => {
    const [first, second] = dailies;
    const cid = second!.result.flow.correlationId as string;
    expect(second!.code).toBe(0);
    expect(cid).not.toBe(first!.result.flow.correlationId);
    expect(second!.result.flow).toMatchObject({ status: "unchanged" });
    expect(second!.result.flow.steps.map((s: { step: string; outcome: string }) => [s.step, s.outcome])).toEqual([
      ["raw", "ran"],
      ["phase3", "skipped: inputs unchanged"],
    ]);
    expect(second!.invocations).toEqual([]);
    expect(
      second!.uploads.filter((u) =>
        String(u.metadata.configuration.load.destinationTable.tableId).endsWith("_incoming"),
      ),
    ).toEqual([]);
    expect(new Set(second!.published.map((m) => m.body.correlation_id))).toEqual(new Set([cid]));
    expect(second!.published.filter((m) => m.topic !== "nba-phase2-raw-complete").map((m) => m.topic)).toEqual([
      "nba-phase1-scrapers-complete",
    ]);
    expect(world.flows.find((f) => f.correlation_id === cid)).toMatchObject({ status: "unchanged" });
    // every table the first daily made exists with its declared columns: no DDL the second time
    const ddl = (d: Daily) => queryJobs(d).filter((j) => /^(CREATE TABLE|ALTER TABLE)/.test(j.query.query));
    expect(ddl(first!).length).toBeGreaterThanOrEqual(RAW_TABLES.size);
    expect(ddl(second!)).toEqual([]);
  });

  it("a failed Dataform action fails the flow (exit code 1): failures and the failed assertion's rows reach BigQuery, the last transition waits", async () => {
    const third = dailies[2]!;
    const cid = third.result.flow.correlationId as string;
    expect(third.code).toBe(1);
    expect(third.result.ok).toBe(false);
    expect(third.result.flow).toMatchObject({ status: "failed", window: { start: NEXT_DAY, end: NEXT_DAY } });
    expect(third.result.flow.note).toContain(`${FAILED_MODEL}: ${FAILING[FAILED_MODEL]}`);
    const grading = third.result.flow.steps.find((s: { step: string }) => s.step === "grading");
    expect(
      Object.fromEntries(grading.processors.map((p: { processor: string; status: string }) => [p.processor, p.status])),
    ).toEqual({ prediction_accuracy: "partial", [FAILED_MODEL]: "failed" });
    const gradingRun = (world.appended.get("processor_runs") ?? []).find(
      (r) => r.correlation_id === cid && r.processor_name === "grading" && r.status === "failed",
    );
    expect(gradingRun).toBeDefined();
    // the assertion's offending rows, read back from its view: in assertion_log, and one failure per game named
    const failedAssertion = runsOf(cid, "assertion_log").find((r) => String(r.assertion).endsWith(FAILED_ASSERTION));
    expect(failedAssertion).toMatchObject({ status: "failed", failing_rows: duplicatedKeys.length });
    expect(JSON.parse(String(failedAssertion!.sample_rows))).toEqual(duplicatedKeys);
    const failures = (world.appended.get("processing_failures") ?? []).filter((r) => r.correlation_id === cid);
    expect(failures.map((r) => [r.processor_name, r.entity_type, r.entity_id]).sort()).toEqual(
      [...duplicatedKeys.map((k) => ["prediction_accuracy", "game", k.game_id]), [FAILED_MODEL, "game", "*"]].sort(),
    );
    // the failed model's completion is published but not counted: grading_to_end still waits for it
    const completions = third.published.filter((m) => m.topic === "nba-grading-complete");
    expect(Object.fromEntries(completions.map((m) => [m.body.processor_name, m.body.status]))).toEqual({
      prediction_accuracy: "partial",
      [FAILED_MODEL]: "failed",
    });
    const end = (await firestoreState(cid)).transitions.find((d) => d.transition === "grading_to_end");
    expect(end).toMatchObject({ triggered: false, window_key: NEXT_DAY });
    expect(Object.keys(end!.entries)).toEqual(["prediction_accuracy"]);
    expect(world.flows.find((f) => f.correlation_id === cid)).toMatchObject({ status: "failed" });
  });
});

function modelsOf(tag: string): string[] {
  const tagged = compiled.filter((a) => a.relation && !a.relation.disabled && a.relation.tags.includes(tag));
  const incremental = tagged.filter((a) => a.relation.relationType === "INCREMENTAL_TABLE");
  return (incremental.length > 0 ? incremental : tagged).map((a) => a.target.name as string).sort();
}

/** A column of every box-score row of `day`, from the shipped file itself (its season's file). */
function boxScoreColumn(day: string, column: string): string[] {
  const season = Number(day.slice(0, 4)) - (Number(day.slice(5, 7)) < 7 ? 1 : 0);
  const file = path.join(DATA, `player_box_scores/${season}-${String(season + 1).slice(2)}.csv.gz`);
  const [header, ...lines] = zlib.gunzipSync(fs.readFileSync(file)).toString("utf8").trim().split("\n");
  const columns = header!.split(",");
  const date = columns.indexOf("GAME_DATE");
  const wanted = columns.indexOf(column);
  return lines
    .map((l) => l.split(","))
    .filter((f) => f[date] === day)
    .map((f) => f[wanted]!);
}

function playersOn(day: string): Set<string> {
  return new Set(boxScoreColumn(day, "PLAYER_ID"));
}

function gamesOn(day: string): string[] {
  return [...new Set(boxScoreColumn(day, "GAME_ID"))].sort();
}

/** The catalog of a deployed project: compiled models, raw, processing and history tables, INFORMATION_SCHEMA views. */
async function declareProject(zetasql: OfflineBigQuery): Promise<void> {
  await zetasql.declareCompiledGraph(PROJECT, ROOT);
  zetasql.declareInformationSchema(PROJECT);
  zetasql.declareFlowTables(PROJECT);
  for (const spec of RAW_TABLES.values()) {
    zetasql.declare(PROJECT, rawTableSpec(spec, ""));
    zetasql.declare(PROJECT, stagingTableSpec(spec, ""));
  }
  zetasql.declare(PROJECT, runHistoryTable("nba_processing"));
  zetasql.declare(PROJECT, assertionLogTable("nba_processing"));
}
