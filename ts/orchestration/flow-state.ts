import type { TableSpec, Warehouse } from "../engine/warehouse.ts";
import type { Window } from "./change-detection.ts";
import { processingTableSpec } from "./warehouse-tables.ts";

export const windowKey = (w: Window): string => (w.start === w.end ? w.start : `${w.start}..${w.end}`);

/** Each step's last fully processed input fingerprint per window: a transition whose inputs match it triggers nothing. */
export class StepState {
  private readonly spec: TableSpec;
  private readonly table: string;

  constructor(
    private readonly warehouse: Warehouse,
    prefix: string,
  ) {
    this.spec = processingTableSpec(prefix, "step_state");
    this.table = warehouse.tablePath(this.spec.schema, this.spec.name);
  }

  async fingerprint(step: string, window: Window): Promise<string | null> {
    const [row] = await this.warehouse.queryGoogleSql<{ f: string }>(
      `SELECT input_fingerprint AS f FROM ${this.table} WHERE step = @step AND window_key = @w`,
      { params: { step, w: windowKey(window) }, labels: { action: "step_state" } },
    );
    return row?.f ?? null;
  }

  /** The `processor=output_version` list of the step's last successful run for the window (null: none recorded). */
  async outputs(step: string, window: Window): Promise<string[] | null> {
    const [row] = await this.warehouse.queryGoogleSql<{ o: string | null }>(
      `SELECT output_versions AS o FROM ${this.table} WHERE step = @step AND window_key = @w`,
      { params: { step, w: windowKey(window) }, labels: { action: "step_state" } },
    );
    return row?.o ? (JSON.parse(row.o) as string[]) : null;
  }

  async record(step: string, window: Window, fingerprint: string, outputs: string[]): Promise<void> {
    const row = {
      step,
      window_key: windowKey(window),
      input_fingerprint: fingerprint,
      updated_at: new Date().toISOString(),
      output_versions: JSON.stringify(outputs),
    };
    await this.warehouse.mergeRows(this.spec, [row], { key: ["step", "window_key"], labels: { action: "step_state" } });
  }
}

export type FlowStatus = "running" | "finished" | "unchanged" | "failed" | "incomplete";

/** One row per flow (correlation id): what ran it, its window, and how it ended. An unfinished flow is resumed. */
export class FlowRecords {
  private readonly spec: TableSpec;
  private readonly table: string;

  constructor(
    private readonly warehouse: Warehouse,
    prefix: string,
  ) {
    this.spec = processingTableSpec(prefix, "flows");
    this.table = warehouse.tablePath(this.spec.schema, this.spec.name);
  }

  async unfinished(mode: string, window: Window): Promise<string | null> {
    const [row] = await this.warehouse.queryGoogleSql<{ c: string }>(
      `SELECT correlation_id AS c FROM ${this.table}
       WHERE mode = @mode AND start_date = CAST(@s AS DATE) AND end_date = CAST(@e AS DATE) AND status IN ('running', 'incomplete')
       ORDER BY started_at DESC LIMIT 1`,
      { params: { mode, s: window.start, e: window.end }, labels: { action: "flows" } },
    );
    return row?.c ?? null;
  }

  async begin(correlationId: string, mode: string, window: Window): Promise<void> {
    const row = {
      correlation_id: correlationId,
      mode,
      start_date: window.start,
      end_date: window.end,
      started_at: new Date().toISOString(),
      finished_at: null,
      status: "running",
      note: null,
    };
    await this.warehouse.loadRows(this.spec, [row], { labels: { action: "flows" } });
  }

  async end(correlationId: string, status: FlowStatus, note: string | null): Promise<void> {
    await this.warehouse.executeGoogleSql(
      `UPDATE ${this.table} SET status = @status, note = @note,
         finished_at = CASE WHEN @status = 'incomplete' THEN NULL ELSE CAST(@at AS TIMESTAMP) END
       WHERE correlation_id = @c`,
      { params: { c: correlationId, status, note, at: new Date().toISOString() }, labels: { action: "flows" } },
    );
  }

  async status(correlationId: string): Promise<{ status: FlowStatus; note: string | null } | null> {
    const [row] = await this.warehouse.queryGoogleSql<{ status: FlowStatus; note: string | null }>(
      `SELECT status, note FROM ${this.table} WHERE correlation_id = @c`,
      { params: { c: correlationId }, labels: { action: "flows" } },
    );
    return row ?? null;
  }
}
