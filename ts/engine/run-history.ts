import type { ActionOutcome } from "./outcome.ts";
import { assertionLogTable, runHistoryTable } from "./processing-tables.ts";
import type { TableSpec, Warehouse } from "./warehouse.ts";

/** One assertion_log row: the same shape whichever runtime ran the assertion. */
export interface AssertionLogRow {
  run_id: string;
  assertion: string;
  checked_tables: string;
  file: string | null;
  checked_at: string;
  status: "passed" | "failed" | "error";
  failing_rows: number | null;
  sample_rows: string | null;
  error: string | null;
}

/** status: passed, failed (rows returned) or error (the assertion could not run, or was skipped). */
export function assertionLogRow(runId: string, o: ActionOutcome, checkedTables: string[]): AssertionLogRow {
  const status = o.status === "succeeded" ? "passed" : o.assertion ? "failed" : "error";
  return {
    run_id: runId,
    assertion: o.name,
    checked_tables: checkedTables.join(","),
    file: o.file || null,
    checked_at: o.startedAt,
    status,
    failing_rows: o.assertion?.failingRows ?? null,
    sample_rows: o.assertion ? JSON.stringify(o.assertion.sample) : null,
    error: status === "error" ? (o.error ?? null) : null,
  };
}

/**
 * Every action's outcome, one row per action per run, in `<prefix>nba_processing.run_history`; and every
 * assertion's result (status, offending rows, a sample of them) in `<prefix>nba_processing.assertion_log`, so a
 * report can show each assertion's history. Engine-neutral: tables and rows go through the Warehouse port.
 */
export class RunHistory {
  private readonly runs: TableSpec;
  private readonly assertions: TableSpec;

  constructor(
    private readonly warehouse: Warehouse,
    schema: string,
    private readonly runId: string,
    private readonly correlationId: string | null = null,
  ) {
    this.runs = runHistoryTable(schema);
    this.assertions = assertionLogTable(schema);
  }

  /** Creates the two tables (adding columns declared since they were made); call once before any action runs (concurrent DDL on one object conflicts in DuckDB). */
  async prepare(): Promise<void> {
    await this.warehouse.ensureTables([this.runs, this.assertions]);
  }

  async record(o: ActionOutcome): Promise<void> {
    await this.recordAll([o]);
  }

  async recordAll(outcomes: ActionOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    const rows = outcomes.map((o) => ({
      run_id: this.runId,
      action: o.name,
      action_type: o.type,
      file: o.file,
      status: o.status,
      rows_affected: o.rowsAffected,
      started_at: o.startedAt,
      duration_ms: Math.round(o.durationMs),
      error: o.error ?? null,
      correlation_id: this.correlationId,
    }));
    await this.warehouse.loadRows(this.runs, rows, { labels: { run_id: this.runId, action: "run_history" } });
  }

  async recordAssertion(o: ActionOutcome, checkedTables: string[]): Promise<void> {
    await this.recordAssertionRows([assertionLogRow(this.runId, o, checkedTables)]);
  }

  async recordAssertionRows(rows: AssertionLogRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.warehouse.loadRows(this.assertions, rows as unknown as Record<string, unknown>[], {
      labels: { run_id: this.runId, action: "assertion_log" },
    });
  }
}
