import type { Warehouse } from "../engine/warehouse.ts";
import type { Window } from "./change-detection.ts";
import { processingTable } from "./warehouse-tables.ts";

export const windowKey = (w: Window): string => (w.start === w.end ? w.start : `${w.start}..${w.end}`);

/** Each step's last fully processed input fingerprint per window: a transition whose inputs match it triggers nothing. */
export class StepState {
  private readonly table: string;

  constructor(
    private readonly warehouse: Warehouse,
    prefix: string,
  ) {
    this.table = processingTable(prefix, "step_state");
  }

  async fingerprint(step: string, window: Window): Promise<string | null> {
    const [row] = await this.warehouse.query<{ f: string }>(
      `SELECT input_fingerprint AS f FROM ${this.table} WHERE step = $step AND window_key = $w`,
      {
        params: { step, w: windowKey(window) },
      },
    );
    return row?.f ?? null;
  }

  /** The `processor=output_version` list of the step's last successful run for the window (null: none recorded). */
  async outputs(step: string, window: Window): Promise<string[] | null> {
    const [row] = await this.warehouse.query<{ o: string | null }>(
      `SELECT output_versions AS o FROM ${this.table} WHERE step = $step AND window_key = $w`,
      {
        params: { step, w: windowKey(window) },
      },
    );
    return row?.o ? (JSON.parse(row.o) as string[]) : null;
  }

  async record(step: string, window: Window, fingerprint: string, outputs: string[]): Promise<void> {
    await this.warehouse.execute(
      `INSERT INTO ${this.table} (step, window_key, input_fingerprint, updated_at, output_versions) VALUES ($step, $w, $f, current_timestamp, $o)
       ON CONFLICT (step, window_key) DO UPDATE SET input_fingerprint = excluded.input_fingerprint, updated_at = excluded.updated_at,
         output_versions = excluded.output_versions`,
      { params: { step, w: windowKey(window), f: fingerprint, o: JSON.stringify(outputs) } },
    );
  }
}

export type FlowStatus = "running" | "finished" | "unchanged" | "failed" | "incomplete";

/** One row per flow (correlation id): what ran it, its window, and how it ended. An unfinished flow is resumed. */
export class FlowRecords {
  private readonly table: string;

  constructor(
    private readonly warehouse: Warehouse,
    prefix: string,
  ) {
    this.table = processingTable(prefix, "flows");
  }

  async unfinished(mode: string, window: Window): Promise<string | null> {
    const [row] = await this.warehouse.query<{ c: string }>(
      `SELECT correlation_id AS c FROM ${this.table}
       WHERE mode = $mode AND start_date = CAST($s AS DATE) AND end_date = CAST($e AS DATE) AND status IN ('running', 'incomplete')
       ORDER BY started_at DESC LIMIT 1`,
      { params: { mode, s: window.start, e: window.end } },
    );
    return row?.c ?? null;
  }

  async begin(correlationId: string, mode: string, window: Window): Promise<void> {
    await this.warehouse.execute(
      `INSERT INTO ${this.table} VALUES ($c, $mode, CAST($s AS DATE), CAST($e AS DATE), current_timestamp, NULL, 'running', NULL)`,
      { params: { c: correlationId, mode, s: window.start, e: window.end } },
    );
  }

  async end(correlationId: string, status: FlowStatus, note: string | null): Promise<void> {
    await this.warehouse.execute(
      `UPDATE ${this.table} SET status = $status, note = $note, finished_at = CASE WHEN $status = 'incomplete' THEN NULL ELSE current_timestamp END
       WHERE correlation_id = $c`,
      { params: { c: correlationId, status, note } },
    );
  }

  async status(correlationId: string): Promise<{ status: FlowStatus; note: string | null } | null> {
    const [row] = await this.warehouse.query<{ status: FlowStatus; note: string | null }>(
      `SELECT status, note FROM ${this.table} WHERE correlation_id = $c`,
      {
        params: { c: correlationId },
      },
    );
    return row ?? null;
  }
}
