/**
 * The CompletionStore port (DESIGN.md §3): records each upstream processor's completion of a transition and decides,
 * atomically, whether this completion made the expected list complete (trigger exactly once). It also holds run
 * claims, the running-status de-duplication of a processor and window across processes.
 * Local: DuckDB transactions (local-completion-store.ts); gcp: Firestore transactions (firestore-completion-store.ts).
 */
export interface TransitionKey {
  /** e.g. phase3_to_phase4 */
  transition: string;
  /** the run window, `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD` */
  windowKey: string;
  /** one flow = one correlation id; a rerun of a finished flow is a new flow */
  correlationId: string;
}

export interface Completion {
  processor: string;
  status: string;
  recordCount: number;
  isIncremental: boolean;
  players: string[];
  teams: string[];
  outputVersion: string;
  executionId: string;
  completedAt: string;
}

export type Decision =
  /** This call completed the expected list: the caller publishes the trigger. Returned once per key. */
  | { kind: "trigger"; completions: Completion[] }
  /** Still waiting for these processors. */
  | { kind: "waiting"; missing: string[] }
  /** Already triggered earlier; `published` false means the trigger may not have gone out (crash): publish it again. */
  | { kind: "triggered-before"; published: boolean; completions: Completion[] };

export interface TransitionState {
  key: TransitionKey;
  expected: string[];
  completed: string[];
  firstCompletionAt: string;
  triggeredAt: string | null;
}

export type Claim = { kind: "claimed" } | { kind: "running-elsewhere"; runId: string; since: string };

export interface RunClaimant {
  runId: string;
  host: string;
  pid: number;
}

export interface CompletionStore {
  /** Records `completion` for `key` (a repeat of the same processor is ignored) and decides in one transaction. */
  recordCompletion(key: TransitionKey, expected: readonly string[], completion: Completion): Promise<Decision>;
  markTriggerPublished(key: TransitionKey): Promise<void>;
  /** Transitions not yet triggered (the monitor's input). */
  openTransitions(): Promise<TransitionState[]>;
  /**
   * Claims (name, key) for one run. A live claim held by another run is refused; a claim whose holder died (same
   * host, process gone) or is older than staleMs is taken over.
   */
  claimRun(name: string, key: string, claimant: RunClaimant, staleMs: number): Promise<Claim>;
  /** Releases the claim (only if `runId` still holds it). */
  finishRun(name: string, key: string, runId: string): Promise<void>;
}

/** The expected processors missing from `completed` (membership in the list, never a count of names). */
export function missingProcessors(expected: readonly string[], completed: Iterable<string>): string[] {
  const done = new Set(completed);
  return expected.filter((p) => !done.has(p));
}

/** A claim's holder is dead when it ran on this host and its process is gone. */
export function holderIsDead(host: string, pid: number, thisHost: string): boolean {
  if (host !== thisHost) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
