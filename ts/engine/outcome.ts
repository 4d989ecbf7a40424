import type { ActionType } from "./actions.ts";

export type ActionStatus = "succeeded" | "failed" | "skipped" | "disabled";

export interface ActionOutcome {
  name: string;
  type: ActionType;
  file: string;
  status: ActionStatus;
  rowsAffected: number | null;
  startedAt: string;
  durationMs: number;
  error?: string;
  /** Assertions only: the rows that violate it (0 when it passed) and a sample of them. */
  assertion?: { failingRows: number; sample: Record<string, unknown>[] };
}

export interface RunSummary {
  runId: string;
  startedAt: string;
  durationMs: number;
  outcomes: ActionOutcome[];
  ok: boolean;
}
