import { type CompletionStore, missingProcessors } from "./completion-store.ts";

export interface StuckTransition {
  transition: string;
  windowKey: string;
  correlationId: string;
  completedCount: number;
  expectedCount: number;
  missing: string[];
  ageHours: number;
  timeoutHours: number;
}

/**
 * The transition monitor: a transition not triggered whose first completion is older than its timeout, with the
 * expected processors still missing (membership in the expected list, not a count).
 */
export async function findStuckTransitions(
  store: CompletionStore,
  timeoutMs: (transition: string) => number,
  now: number,
): Promise<StuckTransition[]> {
  const stuck: StuckTransition[] = [];
  for (const t of await store.openTransitions()) {
    const missing = missingProcessors(t.expected, t.completed);
    const age = now - Date.parse(t.firstCompletionAt);
    const timeout = timeoutMs(t.key.transition);
    if (missing.length === 0 || age < timeout) continue;
    stuck.push({
      transition: t.key.transition,
      windowKey: t.key.windowKey,
      correlationId: t.key.correlationId,
      completedCount: t.completed.filter((p) => t.expected.includes(p)).length,
      expectedCount: t.expected.length,
      missing,
      ageHours: Math.round((age / 3_600_000) * 10) / 10,
      timeoutHours: Math.round((timeout / 3_600_000) * 100) / 100,
    });
  }
  return stuck;
}
