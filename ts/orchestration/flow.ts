import { randomUUID } from "node:crypto";
import type { Logger } from "../config/logger.ts";
import type { Warehouse } from "../engine/warehouse.ts";
import type { AlertManager } from "./alerts.ts";
import type { Bus, Delivery, DrainReport } from "./bus.ts";
import { sha, type Window } from "./change-detection.ts";
import type { Completion, CompletionStore } from "./completion-store.ts";
import { type EnvelopeInput, envelopeWindow, InvalidEnvelopeError } from "./envelope.ts";
import { FlowRecords, type FlowStatus, StepState, windowKey } from "./flow-state.ts";
import { findStuckTransitions, type StuckTransition } from "./monitor.ts";
import { type RunStart, RunTracker } from "./run-tracker.ts";
import type { EntityScope, ProcessorResult, Step } from "./step.ts";

export interface FlowDeps {
  warehouse: Warehouse;
  bus: Bus;
  store: CompletionStore;
  alerts: AlertManager;
  logger: Logger;
  datasetPrefix: string;
  /** The steps in order; a phase that does not exist yet is simply not in the list. */
  steps: Step[];
  /** Concurrency of a step (PARALLELIZATION_WORKERS and its per-stage override). */
  concurrency: (step: string) => number;
  /** A transition not complete this long after its first completion is reported stuck. */
  transitionTimeoutMs: (transition: string) => number;
  runStaleMs: number;
  fullRefresh?: boolean;
  /** Progress lines for the terminal (the summary is in the returned report). */
  onEvent?: (line: string) => void;
}

export type Mode = "daily" | "backfill" | "pipeline";

export interface StepReport {
  step: string;
  outcome: "ran" | "skipped: inputs unchanged" | "duplicate trigger ignored";
  scope: EntityScope | null;
  seconds: number;
  processors: Pick<
    ProcessorResult,
    "processor" | "status" | "recordCount" | "changedRows" | "players" | "teams" | "incremental" | "error"
  >[];
}

export interface FlowReport {
  correlationId: string;
  mode: Mode;
  window: Window;
  resumed: boolean;
  status: FlowStatus;
  note: string | null;
  steps: StepReport[];
  triggersPublished: string[];
  drain: DrainReport;
  stuck: StuckTransition[];
  seconds: number;
}

const COUNTED = new Set(["success", "partial"]);

/**
 * The one flow behind `pipeline`, `daily` and `backfill`: every step is started by a message and ends by publishing
 * one completion per processor; between two steps a transition records each completion in the CompletionStore
 * and, when the expected list is complete (exactly once), publishes the next step's trigger with the aggregated
 * changed entities, unless the next step already processed exactly these inputs for this window.
 */
export class Flow {
  private readonly stepState: StepState;
  private readonly flows: FlowRecords;
  private readonly tracker: RunTracker;
  private report!: FlowReport;

  constructor(private readonly d: FlowDeps) {
    if (d.steps.length === 0) throw new Error("a flow needs at least one step");
    this.stepState = new StepState(d.warehouse, d.datasetPrefix);
    this.flows = new FlowRecords(d.warehouse, d.datasetPrefix);
    this.tracker = new RunTracker(d.warehouse, d.store, d.datasetPrefix, d.runStaleMs);
    d.steps.forEach((step, i) => {
      d.bus.subscribe(step.triggerTopic, (m) => this.onTrigger(step, m));
      d.bus.subscribe(step.completeTopic, (m) => this.onCompletion(step, d.steps[i + 1] ?? null, m));
    });
  }

  /**
   * Runs the flow `correlationId` to its end. resumed: it is an unfinished flow (flowToRun): its unacknowledged
   * messages are delivered first, then, if it has not ended, it starts again from its first step (every step and
   * transition is idempotent within a flow, so nothing is done twice).
   */
  async run(mode: Mode, window: Window, correlationId: string, resumed: boolean): Promise<FlowReport> {
    const started = performance.now();
    this.report = {
      correlationId,
      mode,
      window,
      resumed,
      status: "running",
      note: null,
      steps: [],
      triggersPublished: [],
      drain: { delivered: 0, deadLettered: 0, unread: [] },
      stuck: [],
      seconds: 0,
    };
    if (resumed) {
      this.event(`resuming unfinished flow ${correlationId}`);
      await this.flows.end(correlationId, "running", null);
      this.report.drain = await this.d.bus.drain();
    } else {
      await this.flows.begin(correlationId, mode, window);
    }
    if ((await this.flows.status(correlationId))?.status === "running") {
      await this.publishStart(correlationId, mode, window);
      this.report.drain = addDrains(this.report.drain, await this.d.bus.drain());
    }
    const final = await this.flows.status(correlationId);
    if (final?.status === "running") {
      const failed = this.report.steps.flatMap((s) => s.processors).filter((p) => p.status === "failed");
      const status: FlowStatus = failed.length > 0 ? "failed" : "incomplete";
      await this.flows.end(
        correlationId,
        status,
        failed.map((p) => `${p.processor}: ${p.error}`).join("; ") || "a transition is waiting",
      );
    }
    const ended = (await this.flows.status(correlationId))!;
    this.report.status = ended.status;
    this.report.note = ended.note;
    this.report.stuck = await findStuckTransitions(this.d.store, this.d.transitionTimeoutMs, Date.now());
    for (const s of this.report.stuck) {
      await this.d.alerts.send(
        "warning",
        "stuck_transition",
        `transition ${s.transition} stuck`,
        `${s.windowKey}: ${s.completedCount}/${s.expectedCount} after ${s.ageHours} h; missing ${s.missing.slice(0, 5).join(", ")}`,
        { ...s },
      );
    }
    await this.d.alerts.flush();
    this.report.seconds = (performance.now() - started) / 1000;
    return this.report;
  }

  /** The flow to run: the unfinished flow of the same mode and window (a crashed run), else a new one. */
  static async flowToRun(
    warehouse: Warehouse,
    prefix: string,
    mode: Mode,
    window: Window,
  ): Promise<{ correlationId: string; resumed: boolean }> {
    const unfinished = await new FlowRecords(warehouse, prefix).unfinished(mode, window);
    return unfinished ? { correlationId: unfinished, resumed: true } : { correlationId: randomUUID(), resumed: false };
  }

  private async publishStart(correlationId: string, mode: Mode, window: Window): Promise<void> {
    const first = this.d.steps[0]!;
    const id = `start:${correlationId}:${randomUUID()}`;
    await this.d.bus.publish(
      first.triggerTopic,
      {
        processor_name: "flow_start",
        phase: "phase_1_scrapers",
        execution_id: correlationId,
        correlation_id: correlationId,
        game_date: window.end,
        status: "success",
        timestamp: new Date().toISOString(),
        metadata: { start_date: window.start, end_date: window.end, mode, input_fingerprint: `start:${correlationId}` },
      },
      { messageId: id },
    );
  }

  private async onTrigger(step: Step, m: Delivery): Promise<void> {
    const env = m.envelope;
    const window = envelopeWindow(env);
    const fingerprint = typeof env.metadata.input_fingerprint === "string" ? env.metadata.input_fingerprint : null;
    if (fingerprint && (await this.stepState.fingerprint(step.name, window)) === fingerprint) {
      this.report.steps.push({
        step: step.name,
        outcome: "duplicate trigger ignored",
        scope: null,
        seconds: 0,
        processors: [],
      });
      return;
    }
    const scope: EntityScope | null = env.is_incremental
      ? { players: env.entities_changed.players, teams: env.entities_changed.teams }
      : null;
    const runId = randomUUID();
    const run = {
      runId,
      step: step.name,
      phase: step.phase,
      correlationId: env.correlation_id,
      window,
      scope: scope ? JSON.stringify(scope) : null,
    };
    this.event(
      `== ${step.name} ${windowKey(window)}${scope ? ` scoped to ${describeScope(scope)}` : " (full window)"}`,
    );
    const started = performance.now();
    await this.tracker.start(run);
    let results: ProcessorResult[] = [];
    let error: string | undefined;
    try {
      results = await this.runStep(step, run, scope, fingerprint);
    } catch (e) {
      error = (e as Error).message;
      throw e;
    } finally {
      const failed = error !== undefined || results.some((r) => r.status === "failed");
      await this.tracker.finish(run, {
        status: failed ? "failed" : results.some((r) => r.status === "partial") ? "partial" : "success",
        seconds: (performance.now() - started) / 1000,
        records: results.reduce((n, r) => n + r.recordCount, 0),
        summary: results.map((r) => ({
          processor: r.processor,
          status: r.status,
          records: r.recordCount,
          changed_rows: r.changedRows,
          players: r.players.length,
          teams: r.teams.length,
        })),
        error:
          error ??
          (results
            .filter((r) => r.error)
            .map((r) => `${r.processor}: ${r.error}`)
            .join("; ") ||
            undefined),
      });
    }
    const seconds = (performance.now() - started) / 1000;
    this.report.steps.push({
      step: step.name,
      outcome: "ran",
      scope,
      seconds,
      processors: results.map(
        ({ processor, status, recordCount, changedRows, players, teams, incremental, error }) => ({
          processor,
          status,
          recordCount,
          changedRows,
          players,
          teams,
          incremental,
          error,
        }),
      ),
    });
    this.event(
      `   ${step.name} done in ${seconds.toFixed(1)} s: ${results.filter((r) => r.changedRows > 0).length} of ${results.length} processors changed rows`,
    );
  }

  /** Runs the step, publishes one completion per processor, then commits its change state and input fingerprint. */
  private async runStep(
    step: Step,
    run: RunStart,
    scope: EntityScope | null,
    fingerprint: string | null,
  ): Promise<ProcessorResult[]> {
    const { window, correlationId, runId } = run;
    let results: ProcessorResult[];
    try {
      results = await step.run({
        warehouse: this.d.warehouse,
        datasetPrefix: this.d.datasetPrefix,
        correlationId,
        runId,
        window,
        scope,
        fullRefresh: Boolean(this.d.fullRefresh),
        concurrency: this.d.concurrency(step.name),
        logger: this.d.logger,
      });
    } catch (error) {
      const message = (error as Error).message;
      results = step.processors.map((processor) => ({
        processor,
        status: "failed",
        recordCount: 0,
        recordsFailed: 0,
        durationSeconds: 0,
        changedRows: 0,
        players: [],
        teams: [],
        incremental: false,
        outputVersion: "failed",
        error: message,
        failures: [{ entityType: "game", entityId: "*", gameDate: null, error: message }],
      }));
    }
    for (const r of results) {
      await this.tracker.recordFailures(run, r.processor, r.failures);
      await this.d.bus.publish(step.completeTopic, completionEnvelope(step, r, correlationId, runId, window), {
        messageId: `${step.name}:${r.processor}:${correlationId}:${windowKey(window)}`,
      });
      if (r.status === "failed") {
        await this.d.alerts.send("critical", "processor_failed", `${r.processor} failed`, r.error ?? "failed", {
          step: step.name,
          window: windowKey(window),
        });
      } else if (r.status === "partial") {
        await this.d.alerts.send(
          "warning",
          "processor_partial",
          `${r.processor} partial`,
          r.error ?? "some records failed",
          { step: step.name },
        );
      }
    }
    for (const r of results) if (r.status !== "failed") await r.commit?.();
    if (fingerprint && results.every((r) => r.status !== "failed")) {
      await this.stepState.record(
        step.name,
        window,
        fingerprint,
        results.map((r) => `${r.processor}=${r.outputVersion}`).sort(),
      );
    }
    return results;
  }

  private async onCompletion(upstream: Step, downstream: Step | null, m: Delivery): Promise<void> {
    const env = m.envelope;
    if (!upstream.processors.includes(env.processor_name)) {
      throw new InvalidEnvelopeError([
        `processor_name: ${env.processor_name} is not an expected ${upstream.name} processor (${upstream.processors.join(", ")})`,
      ]);
    }
    if (!COUNTED.has(env.status)) return;
    const window = envelopeWindow(env);
    const transition = `${upstream.name}_to_${downstream?.name ?? "end"}`;
    const key = { transition, windowKey: windowKey(window), correlationId: env.correlation_id };
    const completion: Completion = {
      processor: env.processor_name,
      status: env.status,
      recordCount: env.record_count,
      isIncremental: env.is_incremental,
      players: env.entities_changed.players,
      teams: env.entities_changed.teams,
      outputVersion: typeof env.metadata.output_version === "string" ? env.metadata.output_version : "unknown",
      executionId: env.execution_id,
      completedAt: env.timestamp,
    };
    const decision = await this.d.store.recordCompletion(key, upstream.processors, completion);
    if (decision.kind === "waiting" || (decision.kind === "triggered-before" && decision.published)) return;
    if (!downstream) {
      await this.flows.end(env.correlation_id, "finished", null);
      await this.d.store.markTriggerPublished(key);
      return;
    }
    const completions = decision.completions;
    const fingerprint = this.inputFingerprint(
      downstream,
      completions.map((c) => `${c.processor}=${c.outputVersion}`),
      env.correlation_id,
    );
    if ((await this.stepState.fingerprint(downstream.name, window)) === fingerprint) {
      this.report.steps.push({
        step: downstream.name,
        outcome: "skipped: inputs unchanged",
        scope: null,
        seconds: 0,
        processors: [],
      });
      this.event(`== ${downstream.name} ${key.windowKey}: inputs unchanged since its last run, not triggered`);
      const unsettled = await this.firstUnsettledAfter(downstream, window, env.correlation_id);
      if (unsettled) {
        // a later step never finished on these inputs (it failed last time): it runs again, on its full window
        await this.publishTrigger(unsettled.upstream, unsettled.step, env, window, unsettled.fingerprint, null);
      } else {
        await this.flows.end(env.correlation_id, "unchanged", `${downstream.name} and after: inputs unchanged`);
      }
      await this.d.store.markTriggerPublished(key);
      return;
    }
    const incremental = completions.every((c) => c.isIncremental);
    const scope = { players: union(completions.map((c) => c.players)), teams: union(completions.map((c) => c.teams)) };
    await this.publishTrigger(upstream, downstream, env, window, fingerprint, incremental ? scope : null);
    await this.d.store.markTriggerPublished(key);
  }

  /** A step's input fingerprint: its definition and the output versions of the step before it. */
  private inputFingerprint(step: Step, upstreamOutputs: string[], correlationId: string): string {
    return this.d.fullRefresh
      ? `full-refresh:${correlationId}`
      : sha([step.definitionHash, ...[...upstreamOutputs].sort()].join("|"));
  }

  /**
   * After `skipped` was skipped (its inputs unchanged), the first later step whose recorded inputs are not the
   * recorded outputs of the step before it: one that failed, or never ran, on the unchanged data. null: all settled.
   */
  private async firstUnsettledAfter(
    skipped: Step,
    window: Window,
    correlationId: string,
  ): Promise<{ upstream: Step; step: Step; fingerprint: string } | null> {
    for (let i = this.d.steps.indexOf(skipped); i + 1 < this.d.steps.length; i++) {
      const upstream = this.d.steps[i]!;
      const step = this.d.steps[i + 1]!;
      const outputs = await this.stepState.outputs(upstream.name, window);
      if (!outputs) return null;
      const fingerprint = this.inputFingerprint(step, outputs, correlationId);
      if ((await this.stepState.fingerprint(step.name, window)) !== fingerprint) return { upstream, step, fingerprint };
    }
    return null;
  }

  private async publishTrigger(
    upstream: Step,
    downstream: Step,
    cause: Delivery["envelope"],
    window: Window,
    fingerprint: string,
    scope: EntityScope | null,
  ): Promise<void> {
    const transition = `${upstream.name}_to_${downstream.name}`;
    const trigger: EnvelopeInput = {
      processor_name: transition,
      phase: downstream.phase,
      execution_id: cause.execution_id,
      correlation_id: cause.correlation_id,
      game_date: window.end,
      status: "success",
      timestamp: new Date().toISOString(),
      entities_changed: scope ?? { players: [], teams: [] },
      is_incremental: scope !== null,
      metadata: {
        start_date: window.start,
        end_date: window.end,
        input_fingerprint: fingerprint,
        triggered_by: `${transition}_orchestrator`,
        expected_processors: upstream.processors,
        upstream_processors_count: upstream.processors.length,
        parent_processor: cause.processor_name,
      },
    };
    const id = await this.d.bus.publish(downstream.triggerTopic, trigger, {
      messageId: `${transition}:${windowKey(window)}:${cause.correlation_id}`,
    });
    this.report.triggersPublished.push(id);
  }

  private event(line: string): void {
    this.d.onEvent?.(line);
    this.d.logger.debug({ correlationId: this.report?.correlationId }, line);
  }
}

function completionEnvelope(
  step: Step,
  r: ProcessorResult,
  correlationId: string,
  runId: string,
  window: Window,
): EnvelopeInput {
  return {
    processor_name: r.processor,
    phase: step.phase,
    execution_id: runId,
    correlation_id: correlationId,
    game_date: window.end,
    output_table: r.outputTable ?? null,
    output_dataset: r.outputDataset ?? null,
    status: r.status,
    record_count: r.recordCount,
    records_failed: r.recordsFailed,
    duration_seconds: r.durationSeconds,
    entities_changed: r.incremental ? { players: r.players, teams: r.teams } : { players: [], teams: [] },
    is_incremental: r.incremental,
    timestamp: new Date().toISOString(),
    error_message: r.error ? r.error.slice(0, 4000) : null,
    metadata: {
      start_date: window.start,
      end_date: window.end,
      output_version: r.outputVersion,
      changed_rows: r.changedRows,
    },
  };
}

const union = (lists: string[][]): string[] => [...new Set(lists.flat())].sort();

export function describeScope(scope: EntityScope): string {
  const part = (n: string[], what: string) =>
    n.length === 0
      ? null
      : `${n.length} ${what}${n.length === 1 ? "" : "s"} (${n.slice(0, 5).join(", ")}${n.length > 5 ? ", …" : ""})`;
  return (
    [part(scope.players, "player"), part(scope.teams, "team")].filter(Boolean).join(" and ") ||
    "no entity (nothing changed)"
  );
}

function addDrains(a: DrainReport, b: DrainReport): DrainReport {
  return { delivered: a.delivered + b.delivered, deadLettered: a.deadLettered + b.deadLettered, unread: b.unread };
}
