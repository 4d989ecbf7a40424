import type { Warehouse } from "./warehouse.ts";
import { createSchema, quoteIdent } from "./dml.ts";
import type { ActionOutcome } from "./outcome.ts";

/** Every action's outcome, one row per action per run, in `<prefix>nba_processing.run_history`. */
export class RunHistory {
  private readonly table: string;
  private ready = false;

  constructor(
    private readonly warehouse: Warehouse,
    private readonly schema: string,
    private readonly runId: string,
  ) {
    this.table = `${quoteIdent(schema)}.${quoteIdent("run_history")}`;
  }

  private async ensureTable(): Promise<void> {
    if (this.ready) return;
    await this.warehouse.execute(createSchema(this.schema));
    await this.warehouse.execute(`CREATE TABLE IF NOT EXISTS ${this.table} (
      run_id VARCHAR NOT NULL, action VARCHAR NOT NULL, action_type VARCHAR NOT NULL, file VARCHAR,
      status VARCHAR NOT NULL, rows_affected BIGINT, started_at TIMESTAMP NOT NULL, duration_ms BIGINT NOT NULL,
      error VARCHAR)`);
    this.ready = true;
  }

  async record(o: ActionOutcome): Promise<void> {
    await this.ensureTable();
    await this.warehouse.execute(
      `INSERT INTO ${this.table} VALUES ($run_id, $action, $type, $file, $status, $rows, CAST($started AS TIMESTAMP), $ms, $error)`,
      {
        params: {
          run_id: this.runId, action: o.name, type: o.type, file: o.file, status: o.status,
          rows: o.rowsAffected, started: o.startedAt, ms: Math.round(o.durationMs), error: o.error ?? null,
        },
      },
    );
  }
}
