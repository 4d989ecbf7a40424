import os from "node:os";
import type { Warehouse } from "../engine/warehouse.ts";
import type { Window } from "./change-detection.ts";
import type { CompletionStore } from "./completion-store.ts";
import type { EntityFailure } from "./step.ts";
import { processingTable } from "./warehouse-tables.ts";

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
  private readonly runs: string;
  private readonly failures: string;

  constructor(
    private readonly warehouse: Warehouse,
    private readonly store: CompletionStore,
    prefix: string,
    private readonly staleMs: number,
  ) {
    this.runs = processingTable(prefix, "processor_runs");
    this.failures = processingTable(prefix, "processing_failures");
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
    await this.warehouse.execute(
      `INSERT INTO ${this.runs} (run_id, processor_name, phase, correlation_id, start_date, end_date, status, started_at, entity_scope, host)
       VALUES ($run, $step, $phase, $cid, CAST($s AS DATE), CAST($e AS DATE), 'running', current_timestamp, $scope, $host)`,
      {
        params: {
          run: r.runId,
          step: r.step,
          phase: r.phase,
          cid: r.correlationId,
          s: r.window.start,
          e: r.window.end,
          scope: r.scope,
          host: os.hostname(),
        },
      },
    );
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
    await this.warehouse.execute(
      `INSERT INTO ${this.runs} VALUES ($run, $step, $phase, $cid, CAST($s AS DATE), CAST($e AS DATE), $status,
         (SELECT max(started_at) FROM ${this.runs} WHERE run_id = $run), current_timestamp, $secs, $records, $scope, $summary, $error, $host)`,
      {
        params: {
          run: r.runId,
          step: r.step,
          phase: r.phase,
          cid: r.correlationId,
          s: r.window.start,
          e: r.window.end,
          status: outcome.status,
          secs: outcome.seconds,
          records: outcome.records,
          scope: r.scope,
          summary: JSON.stringify(outcome.summary),
          error: outcome.error ?? null,
          host: os.hostname(),
        },
      },
    );
    await this.store.finishRun(r.step, `${r.window.start}..${r.window.end}`, r.runId);
  }

  async recordFailures(r: RunStart, processor: string, failures: EntityFailure[]): Promise<void> {
    if (failures.length === 0) return;
    await this.warehouse.execute(
      `INSERT INTO ${this.failures}
       SELECT $run, $cid, $processor, f.entity_type, f.entity_id, CAST(f.game_date AS DATE), f.error, current_timestamp
       FROM (SELECT unnest(from_json($rows::JSON, '[{"entity_type":"VARCHAR","entity_id":"VARCHAR","game_date":"VARCHAR","error":"VARCHAR"}]'), recursive := true)) AS f`,
      {
        params: {
          run: r.runId,
          cid: r.correlationId,
          processor,
          rows: JSON.stringify(
            failures.map((f) => ({
              entity_type: f.entityType,
              entity_id: f.entityId,
              game_date: f.gameDate,
              error: f.error,
            })),
          ),
        },
      },
    );
  }
}
