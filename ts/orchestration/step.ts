import type { Logger } from "../config/logger.ts";
import type { Warehouse } from "../engine/warehouse.ts";
import type { Window } from "./change-detection.ts";
import type { Phase } from "./envelope.ts";

/**
 * One step of the flow (raw load, phase 3, phase 4, predictions, grading). A step runs for a window, optionally
 * scoped to changed entities, and reports one result per processor (each becomes one completion envelope). The
 * processors are known before the step runs: they are the next transition's expected list.
 */
export interface EntityScope {
  players: string[];
  teams: string[];
}

export interface EntityFailure {
  entityType: "player" | "team" | "game";
  entityId: string;
  gameDate: string | null;
  error: string;
}

export interface ProcessorResult {
  processor: string;
  outputTable?: string;
  outputDataset?: string;
  status: "success" | "partial" | "no_data" | "failed";
  recordCount: number;
  recordsFailed: number;
  durationSeconds: number;
  changedRows: number;
  players: string[];
  teams: string[];
  /** True when players/teams is the complete list of changed entities (downstream may run scoped to them). */
  incremental: boolean;
  /** Moves whenever the processor's output changed: the next step's input fingerprint is built from these. */
  outputVersion: string;
  error?: string;
  failures: EntityFailure[];
  /** Called after the completion was published: makes this run's output the published state. */
  commit?: () => Promise<void>;
}

export interface StepContext {
  warehouse: Warehouse;
  datasetPrefix: string;
  correlationId: string;
  runId: string;
  window: Window;
  /** null: a full run of the window. */
  scope: EntityScope | null;
  fullRefresh: boolean;
  concurrency: number;
  logger: Logger;
}

export interface Step {
  /** Short name: raw, phase3, phase4, predictions, grading. */
  name: string;
  phase: Phase;
  /** Topic the step listens on, and the topic its completions go to. */
  triggerTopic: string;
  completeTopic: string;
  /** The processors this step reports, in order (the next transition's expected list). */
  processors: string[];
  /** Changes whenever the step's code or SQL for this window changes (part of the next input fingerprint). */
  definitionHash: string;
  run(ctx: StepContext): Promise<ProcessorResult[]>;
}
