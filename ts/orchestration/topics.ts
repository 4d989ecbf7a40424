/**
 * Topic names (docs/operations.md lists producer and consumer of each). The reference's names are kept where it
 * had one; every topic here has exactly one consumer in the flow (flow.ts checks it), so nothing is published to a
 * topic nobody reads.
 */
const TRIGGER: Record<string, string> = {
  raw: "nba-phase1-scrapers-complete",
  phase3: "nba-phase3-trigger",
  phase4: "nba-phase4-trigger",
  predictions: "nba-predictions-trigger",
  grading: "nba-grading-trigger",
};

const COMPLETE: Record<string, string> = {
  raw: "nba-phase2-raw-complete",
  phase3: "nba-phase3-analytics-complete",
  phase4: "nba-phase4-precompute-complete",
  predictions: "nba-phase5-predictions-complete",
  grading: "nba-grading-complete",
};

export function triggerTopic(step: string): string {
  return TRIGGER[step] ?? `nba-${step}-trigger`;
}

export function completeTopic(step: string): string {
  return COMPLETE[step] ?? `nba-${step}-complete`;
}
