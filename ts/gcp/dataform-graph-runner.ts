import { randomUUID } from "node:crypto";
import { type CallOptions, createBackoffSettings, createRetryOptions, Status } from "google-gax";
import type { Logger } from "../config/logger.ts";
import type { GraphRunner, GraphRunRequest } from "../engine/graph-runner.ts";
import type { ActionOutcome, RunSummary } from "../engine/outcome.ts";
import { RunHistory } from "../engine/run-history.ts";
import { actionStatus, actionType, type InvocationState, invocationState, isTerminal } from "./action-states.ts";
import { assertionReport, type InvokedAssertion } from "./assertion-report.ts";
import type { BigQueryWarehouse } from "./bigquery-warehouse.ts";
import { type DataformClient, repositoryPath } from "./dataform-client.ts";

export interface DataformRunnerOptions {
  project: string;
  region: string;
  repository: string;
  /** Compile from this release config when the run sets no compile overrides … */
  releaseConfig: string;
  /** … else from this git commitish (default: the release config's own commitish). */
  gitCommitish?: string;
  serviceAccount?: string;
  timeoutMs: number;
  /** First poll delay; doubles up to pollCapMs. */
  pollMs?: number;
  pollCapMs?: number;
  historySchema?: string;
}

export class InvocationTimeoutError extends Error {
  override name = "InvocationTimeoutError";
}

/**
 * Idempotent calls (compile, get, query, cancel) retry on 429/5xx with capped exponential backoff. Over gRPC the
 * error carries the gRPC status; over HTTP/JSON (fallback) it carries the HTTP status: both are listed.
 */
const RETRY: CallOptions = {
  retry: createRetryOptions(
    [Status.UNAVAILABLE, Status.RESOURCE_EXHAUSTED, Status.INTERNAL, Status.DEADLINE_EXCEEDED, 429, 500, 502, 503, 504],
    createBackoffSettings(250, 2, 60_000, 60_000, 1, 60_000, 10 * 60_000),
  ),
};

interface Timestamp {
  seconds?: number | string | null;
  nanos?: number | null;
}
const millis = (t: Timestamp | null | undefined): number | undefined =>
  t?.seconds === undefined || t.seconds === null
    ? undefined
    : Number(t.seconds) * 1000 + Math.round((t.nanos ?? 0) / 1e6);

/**
 * The gcp GraphRunner: a compilation result (from the release config, or a git commitish with the run's vars,
 * schema suffix and table prefix), a workflow invocation of the selection, polling with backoff until a terminal
 * state or the timeout (then the invocation is cancelled), every action's state into run_history and every
 * assertion into assertion_log, both in BigQuery.
 */
export class DataformGraphRunner implements GraphRunner {
  readonly runtime = "gcp" as const;

  constructor(
    private readonly client: DataformClient,
    private readonly warehouse: () => Promise<BigQueryWarehouse>,
    private readonly options: DataformRunnerOptions,
    private readonly logger: Logger,
  ) {}

  private get parent(): string {
    return repositoryPath(this.options.project, this.options.region, this.options.repository);
  }

  /**
   * Release config as is, or its commitish (or the configured one) compiled with the run's overrides. Either way the
   * tables are built in the configured project (defaultDatabase; `nba-props deploy dataform` sets it in the release
   * config), the one the glue reads them from, not the defaultDatabase of dataform.json.
   */
  async compile(request: GraphRunRequest): Promise<string> {
    const c = request.compile;
    const vars = { ...c.vars };
    const overrides = {
      ...(Object.keys(vars).length > 0 ? { vars } : {}),
      ...(c.schemaSuffix ? { schemaSuffix: c.schemaSuffix } : {}),
      ...(c.tablePrefix ? { tablePrefix: c.tablePrefix } : {}),
      ...(c.defaultDatabase ? { defaultDatabase: c.defaultDatabase } : {}),
      ...(c.defaultSchema ? { defaultSchema: c.defaultSchema } : {}),
      ...(c.assertionSchema ? { assertionSchema: c.assertionSchema } : {}),
      ...(c.databaseSuffix ? { databaseSuffix: c.databaseSuffix } : {}),
      ...(c.defaultLocation ? { defaultLocation: c.defaultLocation } : {}),
    };
    const releaseConfig = `${this.parent}/releaseConfigs/${this.options.releaseConfig}`;
    let compilationResult: Record<string, unknown>;
    if (Object.keys(overrides).length === 0 && !this.options.gitCommitish) {
      compilationResult = { releaseConfig };
    } else {
      const gitCommitish =
        this.options.gitCommitish ??
        (await this.client.getReleaseConfig({ name: releaseConfig }, RETRY))[0].gitCommitish;
      compilationResult = {
        gitCommitish,
        codeCompilationConfig: { defaultDatabase: this.options.project, ...overrides },
      };
    }
    const [result] = await this.client.createCompilationResult({ parent: this.parent, compilationResult }, RETRY);
    const errors = result.compilationErrors ?? [];
    if (errors.length > 0) {
      throw new Error(
        `Dataform compilation failed:\n${errors.map((e) => `  ${e.path ?? "<project>"}: ${e.message}`).join("\n")}`,
      );
    }
    return result.name!;
  }

  async run(request: GraphRunRequest): Promise<RunSummary> {
    refuseDatasetPrefix(request);
    const runId = randomUUID();
    const started = new Date();
    const compilationResult = await this.compile(request);
    const actions = await this.compiledActions(compilationResult);
    const selectsAssertionsOnly = request.onlyTypes?.length === 1 && request.onlyTypes[0] === "assertion";
    const includedTargets = (request.actions ?? []).map((pattern) => {
      const [schema, name] = pattern.includes(".") ? pattern.split(".", 2) : [undefined, pattern];
      const found = actions.find((a) => a.target.name === name && (!schema || a.target.schema === schema));
      if (!found) throw new Error(`--actions ${pattern}: no such action in compilation result ${compilationResult}`);
      return found.target;
    });
    const assertionTargets = selectsAssertionsOnly
      ? actions.filter((a) => a.type === "assertion").map((a) => a.target)
      : [];
    const invocationConfig = {
      includedTags: request.tags ?? [],
      includedTargets: [...includedTargets, ...assertionTargets],
      transitiveDependenciesIncluded: Boolean(request.includeDeps),
      transitiveDependentsIncluded: Boolean(request.includeDependents),
      fullyRefreshIncrementalTablesEnabled: Boolean(request.fullRefresh),
      ...(this.options.serviceAccount ? { serviceAccount: this.options.serviceAccount } : {}),
    };
    const [invocation] = await this.client.createWorkflowInvocation({
      parent: this.parent,
      workflowInvocation: { compilationResult, invocationConfig },
    });
    const name = invocation.name!;
    this.logger.info({ run_id: runId, invocation: name }, "Dataform workflow invocation started");
    const state = await this.waitForTerminal(name);

    const byTarget = new Map(actions.map((a) => [`${a.target.schema}.${a.target.name}`, a]));
    const invoked = [];
    for await (const a of this.client.queryWorkflowInvocationActionsAsync({ name }, RETRY)) invoked.push(a);
    request.onPlanned?.(invoked.length);
    const outcomes: ActionOutcome[] = [];
    for (const a of invoked) {
      const key = `${a.target?.schema}.${a.target?.name}`;
      const compiled = byTarget.get(key);
      const start = millis(a.invocationTiming?.startTime as Timestamp) ?? started.getTime();
      const end = millis(a.invocationTiming?.endTime as Timestamp) ?? start;
      const outcome: ActionOutcome = {
        name: key,
        type: compiled?.type ?? "table",
        file: compiled?.file ?? "",
        status: actionStatus(a.state),
        rowsAffected: null,
        startedAt: new Date(start).toISOString(),
        durationMs: end - start,
        ...(a.failureReason ? { error: a.failureReason } : {}),
      };
      outcomes.push(outcome);
      request.onActionEnd?.(outcome);
    }
    const reported = await this.record(runId, request.correlationId ?? null, outcomes, actions);
    return {
      runId,
      startedAt: started.toISOString(),
      durationMs: Date.now() - started.getTime(),
      outcomes: reported,
      ok: state === "SUCCEEDED" && outcomes.every((o) => o.status === "succeeded" || o.status === "disabled"),
    };
  }

  /** Compiles, then reports the bytes each compiled statement would scan (a BigQuery dry-run job each). */
  async dryRun(request: GraphRunRequest): Promise<string> {
    refuseDatasetPrefix(request);
    const compilationResult = await this.compile(request);
    const warehouse = await this.warehouse();
    const lines = [`-- compilation result ${compilationResult}`];
    let total = 0;
    for await (const a of this.client.queryCompilationResultActionsAsync({ name: compilationResult }, RETRY)) {
      const sql = a.relation?.selectQuery ?? a.assertion?.selectQuery ?? a.operations?.queries?.join(";\n");
      if (!sql) continue;
      const { totalBytesProcessed } = await warehouse.dryRun(sql, {
        labels: { action: `${a.target?.schema}.${a.target?.name}`, phase: "dry_run" },
      });
      total += totalBytesProcessed;
      lines.push(`${a.target?.schema}.${a.target?.name}\t${totalBytesProcessed} bytes`);
    }
    lines.push(`total\t${total} bytes`);
    return `${lines.join("\n")}\n`;
  }

  private async compiledActions(compilationResult: string) {
    const out: {
      target: { database: string; schema: string; name: string };
      type: ReturnType<typeof actionType>;
      file: string;
      dependencies: string[];
    }[] = [];
    for await (const a of this.client.queryCompilationResultActionsAsync({ name: compilationResult }, RETRY)) {
      const deps = (
        a.relation?.dependencyTargets ??
        a.assertion?.dependencyTargets ??
        a.operations?.dependencyTargets ??
        []
      ).map((t) => `${t.schema}.${t.name}`);
      out.push({
        target: {
          database: a.target?.database ?? this.options.project,
          schema: a.target?.schema ?? "",
          name: a.target?.name ?? "",
        },
        type: actionType(a),
        file: a.filePath ?? "",
        dependencies: deps,
      });
    }
    return out;
  }

  private async waitForTerminal(name: string): Promise<InvocationState> {
    const deadline = Date.now() + this.options.timeoutMs;
    let delay = this.options.pollMs ?? 2_000;
    for (;;) {
      const [invocation] = await this.client.getWorkflowInvocation({ name }, RETRY);
      const state = invocationState(invocation.state);
      if (isTerminal(state)) return state;
      if (Date.now() + delay > deadline) {
        await this.client.cancelWorkflowInvocation({ name }, RETRY).catch(() => undefined);
        throw new InvocationTimeoutError(
          `workflow invocation ${name} still ${state} after ${this.options.timeoutMs} ms: cancelled`,
        );
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, this.options.pollCapMs ?? 60_000);
    }
  }

  /** Writes run_history and assertion_log; answers the outcomes with each assertion's offending rows read back. */
  private async record(
    runId: string,
    correlationId: string | null,
    outcomes: ActionOutcome[],
    actions: Awaited<ReturnType<DataformGraphRunner["compiledActions"]>>,
  ): Promise<ActionOutcome[]> {
    const warehouse = await this.warehouse();
    const history = new RunHistory(warehouse, this.options.historySchema ?? "nba_processing", runId, correlationId);
    await history.prepare();
    await history.recordAll(outcomes);
    const byName = new Map(actions.map((a) => [`${a.target.schema}.${a.target.name}`, a]));
    const assertions: InvokedAssertion[] = outcomes
      .filter((o) => o.type === "assertion")
      .map((o) => ({
        outcome: o,
        target: byName.get(o.name)!.target,
        checkedTables: byName.get(o.name)!.dependencies,
      }));
    const results = await assertionReport(warehouse, runId, assertions, this.logger);
    await history.recordAssertionRows(results.map((r) => r.row));
    const read = new Map(results.map((r) => [r.outcome.name, r.outcome]));
    return outcomes.map((o) => read.get(o.name) ?? o);
  }
}

/**
 * A dataset prefix renames every dataset the graph reads and writes; Dataform's code compilation config can add a
 * schema suffix but no prefix, so an isolated replay on BigQuery uses `--schema-suffix` instead of failing silently
 * into the production datasets.
 */
function refuseDatasetPrefix(request: GraphRunRequest): void {
  if (request.datasetPrefix) {
    throw new Error(
      `dataset prefix "${request.datasetPrefix}" cannot be applied by a Dataform compilation (it has a schema suffix, no prefix): replay on BigQuery with --schema-suffix`,
    );
  }
}
