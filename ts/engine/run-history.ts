import type { Warehouse } from "./warehouse.ts";
import { createSchema, quoteIdent } from "./dml.ts";
import type { ActionOutcome } from "./outcome.ts";

/**
 * Every action's outcome, one row per action per run, in `<prefix>nba_processing.run_history`; and every
 * assertion's result (status, offending rows, a sample of them) in `<prefix>nba_processing.assertion_log`, so a
 * report can show each assertion's history.
 */
export class RunHistory {
  private readonly table: string;
  private readonly assertionTable: string;

  constructor(
    private readonly warehouse: Warehouse,
    private readonly schema: string,
    private readonly runId: string,
    private readonly correlationId: string | null = null,
  ) {
    this.table = `${quoteIdent(schema)}.${quoteIdent("run_history")}`;
    this.assertionTable = `${quoteIdent(schema)}.${quoteIdent("assertion_log")}`;
  }

  /** Creates the two tables; call once before any action runs (concurrent DDL on one object conflicts in DuckDB). */
  async prepare(): Promise<void> {
    await this.warehouse.execute(createSchema(this.schema));
    await this.warehouse.execute(`CREATE TABLE IF NOT EXISTS ${this.table} (
      run_id VARCHAR NOT NULL, action VARCHAR NOT NULL, action_type VARCHAR NOT NULL, file VARCHAR,
      status VARCHAR NOT NULL, rows_affected BIGINT, started_at TIMESTAMP NOT NULL, duration_ms BIGINT NOT NULL,
      error VARCHAR, correlation_id VARCHAR)`);
    await this.warehouse.execute(`ALTER TABLE ${this.table} ADD COLUMN IF NOT EXISTS correlation_id VARCHAR`);
    await this.warehouse.execute(`CREATE TABLE IF NOT EXISTS ${this.assertionTable} (
      run_id VARCHAR NOT NULL, assertion VARCHAR NOT NULL, checked_tables VARCHAR NOT NULL, file VARCHAR,
      checked_at TIMESTAMP NOT NULL, status VARCHAR NOT NULL, failing_rows BIGINT, sample_rows VARCHAR, error VARCHAR)`);
  }

  async record(o: ActionOutcome): Promise<void> {
    await this.warehouse.execute(
      `INSERT INTO ${this.table} (run_id, action, action_type, file, status, rows_affected, started_at, duration_ms, error, correlation_id)
       VALUES ($run_id, $action, $type, $file, $status, $rows, CAST($started AS TIMESTAMP), $ms, $error, $correlation_id)`,
      {
        params: {
          run_id: this.runId, action: o.name, type: o.type, file: o.file, status: o.status,
          rows: o.rowsAffected, started: o.startedAt, ms: Math.round(o.durationMs), error: o.error ?? null,
          correlation_id: this.correlationId,
        },
      },
    );
  }

  /** status: passed, failed (rows returned) or error (the assertion could not run, or was skipped). */
  async recordAssertion(o: ActionOutcome, checkedTables: string[]): Promise<void> {
    const status = o.status === "succeeded" ? "passed" : o.assertion ? "failed" : "error";
    await this.warehouse.execute(
      `INSERT INTO ${this.assertionTable} VALUES ($run_id, $assertion, $tables, $file, CAST($at AS TIMESTAMP), $status, $rows, $sample, $error)`,
      {
        params: {
          run_id: this.runId, assertion: o.name, tables: checkedTables.join(","), file: o.file, at: o.startedAt,
          status, rows: o.assertion?.failingRows ?? null, sample: o.assertion ? JSON.stringify(o.assertion.sample) : null,
          error: status === "error" ? (o.error ?? null) : null,
        },
      },
    );
  }
}
