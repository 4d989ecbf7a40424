import { randomUUID } from "node:crypto";
import { ScrapeError } from "./errors.ts";
import { mapWithLimit } from "./limit.ts";
import { getScraper } from "./registry.ts";
import { runScraper, type ScrapeDeps, type ScrapeResult } from "./run-scraper.ts";
import type { AnyScraperDefinition } from "./types.ts";

/**
 * Runs independent scraper invocations in parallel, at most `concurrency` at a time
 * (default `config.concurrency.scrape`). One failure never stops the others; the summary lists every
 * outcome and which failed. All invocations share the workflow's correlation id.
 */
export interface ScrapeInvocation {
  scraper: string | AnyScraperDefinition;
  params: Record<string, unknown>;
  /** Shown in the summary; default `<scraper>` plus distinguishing params. */
  label?: string;
}

export interface ScrapeOutcome {
  label: string;
  scraper: string;
  params: Record<string, unknown>;
  status: "ok" | "no_data" | "failed";
  attempts: number;
  bytes: number;
  archiveKey?: string;
  durationMs: number;
  records?: number;
  /** Loaded payloads: records the loader rejected (quarantined) and the first of them. */
  rejected?: number;
  rejections?: string[];
  error?: string;
  errorKind?: string;
  result?: ScrapeResult;
}

export interface WorkflowSummary {
  workflow: string;
  correlationId: string;
  concurrency: number;
  ok: boolean;
  succeeded: number;
  noData: number;
  failed: string[];
  /** Labels of the outcomes whose payload loaded with rejected records (the run is then not ok). */
  withRejections: string[];
  outcomes: ScrapeOutcome[];
  durationMs: number;
}

export interface WorkflowOptions {
  concurrency?: number;
}

export async function runInvocations(
  invocations: readonly ScrapeInvocation[],
  deps: ScrapeDeps & { correlationId: string },
  concurrency: number,
): Promise<ScrapeOutcome[]> {
  return mapWithLimit(invocations, concurrency, async (inv) => {
    const started = Date.now();
    const def = typeof inv.scraper === "string" ? getScraper(inv.scraper) : inv.scraper;
    const name = typeof inv.scraper === "string" ? inv.scraper : inv.scraper.name;
    const label = inv.label ?? defaultLabel(name, inv.params);
    if (!def) {
      return failedOutcome(
        label,
        name,
        inv.params,
        started,
        new ScrapeError("params", `unknown scraper "${name}"`, { source: name }),
      );
    }
    try {
      const result = await runScraper(def, inv.params, deps);
      return {
        label,
        scraper: name,
        params: result.params,
        status: result.status,
        attempts: result.attempts,
        bytes: result.bytes,
        archiveKey: result.archiveKey,
        durationMs: Date.now() - started,
        records: result.summary.records,
        rejected: result.loaded?.rejected,
        rejections: result.loaded?.errors,
        result,
      };
    } catch (error) {
      return failedOutcome(label, name, inv.params, started, error);
    }
  });
}

export async function runWorkflow(
  name: string,
  invocations: readonly ScrapeInvocation[],
  deps: ScrapeDeps,
  options: WorkflowOptions = {},
): Promise<WorkflowSummary> {
  return runStages(name, [() => invocations], deps, options, { invocations: invocations.length });
}

/**
 * The one workflow core: stages run in order, the invocations of a stage side by side up to the concurrency
 * limit; each stage sees the outcomes so far. One correlation id for the whole workflow.
 */
export async function runStages(
  name: string,
  stages: ReadonlyArray<(previous: readonly ScrapeOutcome[]) => readonly ScrapeInvocation[]>,
  deps: ScrapeDeps,
  options: WorkflowOptions,
  logFields: Record<string, unknown>,
): Promise<WorkflowSummary> {
  const started = Date.now();
  const correlationId = deps.correlationId ?? randomUUID();
  const concurrency = options.concurrency ?? deps.config.concurrency.scrape;
  deps.logger.info({ workflow: name, correlationId, ...logFields, concurrency }, "workflow start");
  const outcomes: ScrapeOutcome[] = [];
  for (const stage of stages) {
    outcomes.push(...(await runInvocations(stage(outcomes), { ...deps, correlationId }, concurrency)));
  }
  return summarize(name, correlationId, concurrency, outcomes, started, deps);
}

export function summarize(
  workflow: string,
  correlationId: string,
  concurrency: number,
  outcomes: ScrapeOutcome[],
  started: number,
  deps: Pick<ScrapeDeps, "logger">,
): WorkflowSummary {
  const failed = outcomes.filter((o) => o.status === "failed").map((o) => o.label);
  const withRejections = outcomes.filter((o) => (o.rejected ?? 0) > 0).map((o) => o.label);
  const summary: WorkflowSummary = {
    workflow,
    correlationId,
    concurrency,
    ok: failed.length === 0 && withRejections.length === 0,
    succeeded: outcomes.filter((o) => o.status === "ok").length,
    noData: outcomes.filter((o) => o.status === "no_data").length,
    failed,
    withRejections,
    outcomes,
    durationMs: Date.now() - started,
  };
  const line = {
    workflow,
    correlationId,
    succeeded: summary.succeeded,
    noData: summary.noData,
    failed,
    withRejections,
  };
  if (summary.ok) deps.logger.info(line, "workflow done");
  else deps.logger.error(line, failed.length ? "workflow done with failures" : "workflow done with rejected records");
  return summary;
}

function failedOutcome(
  label: string,
  scraper: string,
  params: Record<string, unknown>,
  started: number,
  error: unknown,
): ScrapeOutcome {
  const e = error instanceof ScrapeError ? error : undefined;
  return {
    label,
    scraper,
    params,
    status: "failed",
    attempts: e?.attempts ?? 0,
    bytes: 0,
    archiveKey: e?.archiveKey,
    durationMs: Date.now() - started,
    error: error instanceof Error ? error.message : String(error),
    errorKind: e?.kind ?? "internal",
  };
}

function defaultLabel(name: string, params: Record<string, unknown>): string {
  const id = params.eventId ?? params.gameId;
  return typeof id === "string" ? `${name}[${id}]` : name;
}
