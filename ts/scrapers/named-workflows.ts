import { easternDate, easternReportSlot, seasonOfDate } from "./params.ts";
import type { ScrapeDeps } from "./run-scraper.ts";
import {
  runStages,
  type ScrapeInvocation,
  type ScrapeOutcome,
  type WorkflowOptions,
  type WorkflowSummary,
} from "./workflow.ts";

/**
 * Named workflows (the reference's config/workflows.yaml, reduced to the production sources kept here).
 * A named workflow is a list of stages; a stage's invocations run in parallel (limit = concurrency), stages in order,
 * and a later stage may fan out over what an earlier one found (odds event ids).
 */
export interface NamedWorkflowInput {
  /** Eastern game date; default today in ET. */
  date?: string;
  season?: string;
  /** Extra params passed to every invocation (e.g. markets, bookmakers). */
  extra?: Record<string, unknown>;
  now?: Date;
}

export interface NamedWorkflow {
  name: string;
  description: string;
  stages: ReadonlyArray<
    (
      input: Required<Pick<NamedWorkflowInput, "date">> & NamedWorkflowInput,
      previous: readonly ScrapeOutcome[],
    ) => ScrapeInvocation[]
  >;
}

const workflows: NamedWorkflow[] = [
  {
    name: "morning",
    description: "season schedule and today's injury report (parallel)",
    stages: [
      (i) => {
        const slot = easternReportSlot(i.now ?? new Date());
        return [
          { scraper: "nba-stats-schedule", params: { season: i.season ?? seasonOfDate(i.date) } },
          { scraper: "nba-injury-report", params: { date: i.date, ...slot } },
        ];
      },
    ],
  },
  {
    name: "post-game",
    description: "player and team box scores and shot charts of a game date (parallel)",
    stages: [
      (i) => [
        { scraper: "nba-stats-player-game-log", params: { date: i.date, season: i.season } },
        { scraper: "nba-stats-team-game-log", params: { date: i.date, season: i.season } },
        { scraper: "nba-stats-shot-chart", params: { date: i.date, season: i.season } },
      ],
    ],
  },
  {
    name: "betting-lines",
    description: "odds events of a date, then player props per event and the date's game lines (parallel)",
    stages: [
      (i) => [{ scraper: "odds-api-events", params: { date: i.date } }],
      (i, previous) => {
        const events = previous.find((o) => o.scraper === "odds-api-events" && o.status === "ok");
        const ids = events?.result?.summary.eventIds ?? [];
        return [
          ...ids.map((eventId) => ({
            scraper: "odds-api-player-props",
            params: { date: i.date, eventId, ...i.extra },
          })),
          { scraper: "odds-api-game-lines", params: { date: i.date } },
        ];
      },
    ],
  },
];

export const NAMED_WORKFLOWS: ReadonlyMap<string, NamedWorkflow> = new Map(workflows.map((w) => [w.name, w]));

export async function runNamedWorkflow(
  workflow: NamedWorkflow,
  input: NamedWorkflowInput,
  deps: ScrapeDeps,
  options: WorkflowOptions = {},
): Promise<WorkflowSummary> {
  const resolved = { ...input, date: input.date ?? easternDate(input.now ?? new Date()) };
  const stages = workflow.stages.map((stage) => (previous: readonly ScrapeOutcome[]) => stage(resolved, previous));
  return runStages(workflow.name, stages, deps, options, { date: resolved.date });
}
