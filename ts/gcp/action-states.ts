import type { ActionType } from "../engine/actions.ts";
import type { ActionStatus } from "../engine/outcome.ts";

/**
 * Dataform's enums as the API returns them (names over gRPC, numbers over HTTP/JSON), mapped to the local runner's
 * statuses so run_history reads the same whichever runtime wrote it.
 */
const ACTION_STATES = ["PENDING", "RUNNING", "SKIPPED", "DISABLED", "SUCCEEDED", "CANCELLED", "FAILED"] as const;
const INVOCATION_STATES = ["STATE_UNSPECIFIED", "RUNNING", "SUCCEEDED", "CANCELLED", "FAILED", "CANCELING"] as const;
const RELATION_TYPES = [
  "RELATION_TYPE_UNSPECIFIED",
  "TABLE",
  "VIEW",
  "INCREMENTAL_TABLE",
  "MATERIALIZED_VIEW",
] as const;

const name = <T extends readonly string[]>(names: T, value: unknown): T[number] | undefined =>
  typeof value === "number"
    ? names[value]
    : (names as readonly unknown[]).includes(value)
      ? (value as T[number])
      : undefined;

export type InvocationState = (typeof INVOCATION_STATES)[number];

export function invocationState(value: unknown): InvocationState {
  return name(INVOCATION_STATES, value) ?? "STATE_UNSPECIFIED";
}

export const isTerminal = (s: InvocationState): boolean => s === "SUCCEEDED" || s === "FAILED" || s === "CANCELLED";

/** SUCCEEDED → succeeded, SKIPPED → skipped, DISABLED → disabled; FAILED, CANCELLED (and anything left unfinished) → failed. */
export function actionStatus(value: unknown): ActionStatus {
  switch (name(ACTION_STATES, value)) {
    case "SUCCEEDED":
      return "succeeded";
    case "SKIPPED":
      return "skipped";
    case "DISABLED":
      return "disabled";
    default:
      return "failed";
  }
}

/** The local runner's action type of a compilation result action. */
export function actionType(action: {
  relation?: { relationType?: unknown } | null;
  operations?: unknown;
  assertion?: unknown;
  declaration?: unknown;
}): ActionType {
  if (action.assertion) return "assertion";
  if (action.operations) return "operations";
  if (action.declaration) return "declaration";
  switch (name(RELATION_TYPES, action.relation?.relationType)) {
    case "VIEW":
      return "view";
    case "INCREMENTAL_TABLE":
      return "incremental";
    default:
      return "table";
  }
}
