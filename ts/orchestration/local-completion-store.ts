import os from "node:os";
import type { DuckDbWarehouse } from "../engine/duckdb-warehouse.ts";
import type { WarehouseSession } from "../engine/warehouse.ts";
import {
  type Claim,
  type Completion,
  type CompletionStore,
  type Decision,
  holderIsDead,
  missingProcessors,
  type RunClaimant,
  type TransitionKey,
  type TransitionState,
} from "./completion-store.ts";
import { orchestrationTable } from "./orchestration-tables.ts";
import { retryOnConflict } from "./retry-on-conflict.ts";

interface CompletionRow {
  processor: string;
  status: string;
  record_count: number;
  is_incremental: boolean;
  players: string;
  teams: string;
  output_version: string;
  execution_id: string;
  completed_at: string;
}

const toCompletion = (r: CompletionRow): Completion => ({
  processor: r.processor,
  status: r.status,
  recordCount: Number(r.record_count),
  isIncremental: r.is_incremental,
  players: JSON.parse(r.players) as string[],
  teams: JSON.parse(r.teams) as string[],
  outputVersion: r.output_version,
  executionId: r.execution_id,
  completedAt: r.completed_at,
});

/**
 * The local CompletionStore: each decision is one DuckDB transaction (DuckDB SQL: this is the port's DuckDB
 * adapter; the gcp runtime's store is Firestore, firestore-completion-store.ts). Every completion first touches the
 * transition's row, so two completions of the same transition always conflict and one of them reruns after the
 * other committed: no write skew, and exactly one transaction sees the list complete and sets triggered_at.
 */
export class LocalCompletionStore implements CompletionStore {
  private readonly transitions: string;
  private readonly completions: string;
  private readonly claims: string;

  constructor(
    private readonly warehouse: DuckDbWarehouse,
    prefix: string,
  ) {
    this.transitions = orchestrationTable(prefix, "transitions");
    this.completions = orchestrationTable(prefix, "completions");
    this.claims = orchestrationTable(prefix, "run_claims");
  }

  recordCompletion(key: TransitionKey, expected: readonly string[], c: Completion): Promise<Decision> {
    const k = { t: key.transition, w: key.windowKey, c: key.correlationId };
    return retryOnConflict(() =>
      this.warehouse.transaction(async (s) => {
        await s.execute(
          `INSERT INTO ${this.transitions} (transition, window_key, correlation_id, expected, first_completion_at, last_completion_at)
           VALUES ($t, $w, $c, $expected, CAST($at AS TIMESTAMP), CAST($at AS TIMESTAMP)) ON CONFLICT DO NOTHING`,
          { params: { ...k, expected: JSON.stringify(expected), at: c.completedAt } },
        );
        await s.execute(
          `UPDATE ${this.transitions} SET last_completion_at = greatest(last_completion_at, CAST($at AS TIMESTAMP))
           WHERE transition = $t AND window_key = $w AND correlation_id = $c`,
          { params: { ...k, at: c.completedAt } },
        );
        await s.execute(
          `INSERT INTO ${this.completions} VALUES ($t, $w, $c, $p, $status, $n, $inc, $players, $teams, $version, $exec, CAST($at AS TIMESTAMP))
           ON CONFLICT DO NOTHING`,
          {
            params: {
              ...k,
              p: c.processor,
              status: c.status,
              n: c.recordCount,
              inc: c.isIncremental,
              players: JSON.stringify(c.players),
              teams: JSON.stringify(c.teams),
              version: c.outputVersion,
              exec: c.executionId,
              at: c.completedAt,
            },
          },
        );
        const completions = await this.read(s, k);
        const [state] = await s.query<{ triggered: boolean; published: boolean }>(
          `SELECT triggered_at IS NOT NULL AS triggered, trigger_published_at IS NOT NULL AS published FROM ${this.transitions}
           WHERE transition = $t AND window_key = $w AND correlation_id = $c`,
          { params: k },
        );
        if (state!.triggered) return { kind: "triggered-before", published: state!.published, completions };
        const missing = missingProcessors(
          expected,
          completions.map((x) => x.processor),
        );
        if (missing.length > 0) return { kind: "waiting", missing };
        await s.execute(
          `UPDATE ${this.transitions} SET triggered_at = current_timestamp WHERE transition = $t AND window_key = $w AND correlation_id = $c`,
          { params: k },
        );
        return { kind: "trigger", completions };
      }),
    );
  }

  async markTriggerPublished(key: TransitionKey): Promise<void> {
    await retryOnConflict(() =>
      this.warehouse.execute(
        `UPDATE ${this.transitions} SET trigger_published_at = current_timestamp
         WHERE transition = $t AND window_key = $w AND correlation_id = $c AND trigger_published_at IS NULL`,
        { params: { t: key.transition, w: key.windowKey, c: key.correlationId } },
      ),
    );
  }

  async openTransitions(): Promise<TransitionState[]> {
    const rows = await this.warehouse.query<{
      transition: string;
      window_key: string;
      correlation_id: string;
      expected: string;
      first: string;
      done: string;
    }>(
      `SELECT t.transition, t.window_key, t.correlation_id, t.expected, CAST(t.first_completion_at AS VARCHAR) AS first,
              COALESCE((SELECT to_json(list(c.processor ORDER BY c.processor)) FROM ${this.completions} c
                        WHERE c.transition = t.transition AND c.window_key = t.window_key AND c.correlation_id = t.correlation_id), '[]') AS done
       FROM ${this.transitions} t WHERE t.triggered_at IS NULL ORDER BY t.first_completion_at`,
    );
    return rows.map((r) => ({
      key: { transition: r.transition, windowKey: r.window_key, correlationId: r.correlation_id },
      expected: JSON.parse(r.expected) as string[],
      completed: JSON.parse(String(r.done)) as string[],
      firstCompletionAt: `${r.first.replace(" ", "T")}Z`,
      triggeredAt: null,
    }));
  }

  claimRun(name: string, key: string, claimant: RunClaimant, staleMs: number): Promise<Claim> {
    return retryOnConflict(() =>
      this.warehouse.transaction(async (s) => {
        const [held] = await s.query<{ run_id: string; host: string; pid: number; since: string; age_ms: number }>(
          `SELECT run_id, host, pid, CAST(claimed_at AS VARCHAR) AS since,
                  epoch_ms(current_timestamp::TIMESTAMP) - epoch_ms(claimed_at) AS age_ms
           FROM ${this.claims} WHERE name = $name AND claim_key = $key`,
          { params: { name, key } },
        );
        if (
          held &&
          held.run_id !== claimant.runId &&
          Number(held.age_ms) < staleMs &&
          !holderIsDead(held.host, Number(held.pid), os.hostname())
        ) {
          return { kind: "running-elsewhere", runId: held.run_id, since: held.since } as Claim;
        }
        await s.execute(`DELETE FROM ${this.claims} WHERE name = $name AND claim_key = $key`, {
          params: { name, key },
        });
        await s.execute(`INSERT INTO ${this.claims} VALUES ($name, $key, $run, $host, $pid, current_timestamp)`, {
          params: { name, key, run: claimant.runId, host: claimant.host, pid: claimant.pid },
        });
        return { kind: "claimed" } as Claim;
      }),
    );
  }

  async finishRun(name: string, key: string, runId: string): Promise<void> {
    await retryOnConflict(() =>
      this.warehouse.execute(`DELETE FROM ${this.claims} WHERE name = $name AND claim_key = $key AND run_id = $run`, {
        params: { name, key, run: runId },
      }),
    );
  }

  private async read(s: WarehouseSession, k: { t: string; w: string; c: string }): Promise<Completion[]> {
    const rows = await s.query<CompletionRow>(
      `SELECT processor, status, record_count, is_incremental, players, teams, output_version, execution_id,
              CAST(completed_at AS VARCHAR) AS completed_at
       FROM ${this.completions} WHERE transition = $t AND window_key = $w AND correlation_id = $c ORDER BY processor`,
      { params: k },
    );
    return rows.map(toCompletion);
  }
}
