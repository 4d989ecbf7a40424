import os from "node:os";
import type { TableSpec, Warehouse } from "../engine/warehouse.ts";
import type { Window } from "./change-detection.ts";
import type { CompletionStore } from "./completion-store.ts";
import type { EntityFailure } from "./step.ts";
import { processingTableSpec } from "./warehouse-tables.ts";

export class RunningElsewhereError extends Error {
  override name = "RunningElsewhereError";
}

export interface RunStart {
  runId: string;
  step: string;
  phase: string;
  correlationId: string;
  window: Window;
  scope: string | null;
}

/**
 * Run history with start and finish rows (append-only, `<prefix>nba_processing.processor_runs`), guarded by a run
 * claim in the CompletionStore: the same step and window never run twice at once, across processes. A claim left
 * by a killed process is taken over (its process is gone) or expires after staleMs.
 */
export class RunTracker {
  private readonly runs: TableSpec;
  private readonly failures: TableSpec;
  /** When each run of this process started: its finish row repeats it. */
  private readonly startedAt = new Map<string, string>();

  constructor(
    private readonly warehouse: Warehouse,
    private readonly store: CompletionStore,
    prefix: string,
    private readonly staleMs: number,
  ) {
    this.runs = processingTableSpec(prefix, "processor_runs");
    this.failures = processingTableSpec(prefix, "processing_failures");
  }

  async start(r: RunStart): Promise<void> {
    const claimKey = `${r.window.start}..${r.window.end}`;
    const claim = await this.store.claimRun(
      r.step,
      claimKey,
      { runId: r.runId, host: os.hostname(), pid: process.pid },
      this.staleMs,
    );
    if (claim.kind === "running-elsewhere") {
      throw new RunningElsewhereError(
        `${r.step} ${claimKey} is already running (run ${claim.runId} since ${claim.since})`,
      );
    }
    const startedAt = new Date().toISOString();
    this.startedAt.set(r.runId, startedAt);
    await this.warehouse.loadRows(this.runs, [{ ...this.runRow(r), status: "running", started_at: startedAt }], {
      labels: { action: "processor_runs", run_id: r.runId },
    });
  }

  async finish(
    r: RunStart,
    outcome: {
      status: "success" | "partial" | "failed";
      seconds: number;
      records: number;
      summary: unknown;
      error?: string;
    },
  ): Promise<void> {
    await this.warehouse.loadRows(
      this.runs,
      [
        {
          ...this.runRow(r),
          status: outcome.status,
          started_at: this.startedAt.get(r.runId) ?? new Date().toISOString(),
          finished_at: new Date().toISOString(),
          duration_seconds: outcome.seconds,
          records_processed: outcome.records,
          summary: JSON.stringify(outcome.summary),
          error: outcome.error ?? null,
        },
      ],
      { labels: { action: "processor_runs", run_id: r.runId } },
    );
    this.startedAt.delete(r.runId);
    await this.store.finishRun(r.step, `${r.window.start}..${r.window.end}`, r.runId);
  }

  async recordFailures(r: RunStart, processor: string, failures: EntityFailure[]): Promise<void> {
    if (failures.length === 0) return;
    const recordedAt = new Date().toISOString();
    await this.warehouse.loadRows(
      this.failures,
      failures.map((f) => ({
        run_id: r.runId,
        correlation_id: r.correlationId,
        processor_name: processor,
        entity_type: f.entityType,
        entity_id: f.entityId,
        game_date: f.gameDate,
        error: f.error,
        recorded_at: recordedAt,
      })),
      { labels: { action: "processing_failures", run_id: r.runId } },
    );
  }

  private runRow(r: RunStart): Record<string, unknown> {
    return {
      run_id: r.runId,
      processor_name: r.step,
      phase: r.phase,
      correlation_id: r.correlationId,
      start_date: r.window.start,
      end_date: r.window.end,
      entity_scope: r.scope,
      host: os.hostname(),
    };
  }
}
