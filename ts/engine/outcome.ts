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
}

export interface RunSummary {
  runId: string;
  startedAt: string;
  durationMs: number;
  outcomes: ActionOutcome[];
  ok: boolean;
}
