import type { Command } from "commander";
import { createRedactor } from "../../config/redact.ts";
import type { RawArchive } from "../../raw/archive.ts";
import type { Sleep } from "../../scrapers/backoff.ts";
import type { NamedWorkflow } from "../../scrapers/named-workflows.ts";
import type { PayloadSink } from "../../scrapers/sink.ts";
import type { AnyScraperDefinition } from "../../scrapers/types.ts";
import type { WorkflowSummary } from "../../scrapers/workflow.ts";
import type { CommandContext } from "../context.ts";
import { errorJson, toJson } from "../output.ts";

/** The secrets to redact even when the rest of the configuration is invalid (then nothing is fetched anyway). */
async function loadConfigSafely(project: string | undefined): Promise<{ secrets: Record<string, string | undefined> }> {
  try {
    const { loadConfig } = await import("../../config/config.ts");
    return loadConfig(project ?? process.cwd());
  } catch {
    return { secrets: { oddsApiKey: process.env.ODDS_API_KEY } };
  }
}

/**
 * `nba-props scrape <source> [--date D] [--season S] [--game-id G] …`: runs one scraper, or a named
 * workflow (several scrapers in parallel), archives the payloads and hands them to the loader sink.
 * `scrape --list` shows the sources. Exit code 1 on any failure.
 */
export interface ScrapeCommandOptions {
  /**
   * Where archived payloads go next (the raw loaders); default: archive only. E.g.
   * `(ctx, archive) => warehouseLoaderSink(warehouse, ctx.config, archive, ctx.logger)` (ts/scrapers/loader-sink.ts),
   * with a `close()` that closes the warehouse: the command calls it after the run.
   */
  sinkFactory?: (ctx: CommandContext, archive: RawArchive) => PayloadSink | Promise<PayloadSink>;
  /** Test seams: the archive, fetch and sleep to use. */
  archiveFactory?: (ctx: CommandContext) => RawArchive | Promise<RawArchive>;
  fetch?: typeof globalThis.fetch;
  sleep?: Sleep;
  /** Where command output goes (default stdout). */
  write?: (text: string) => void;
}

interface CliOptions {
  list?: boolean;
  date?: string;
  season?: string;
  seasonType?: string;
  gameId?: string;
  eventId?: string;
  snapshot?: string;
  markets?: string;
  regions?: string;
  bookmakers?: string;
  hour?: string;
  period?: string;
  concurrency?: string;
  json?: boolean;
  project?: string;
}

export function registerScrapeCommand(program: Command, options: ScrapeCommandOptions = {}): void {
  program
    .command("scrape")
    .description("fetch a source (or a workflow of sources), archive the raw payload and hand it to the loader")
    .argument("[source]", "scraper or workflow name (see --list)")
    .option("--list", "list the scrapers and workflows")
    .option("--date <date>", "game date, YYYY-MM-DD (US Eastern)")
    .option("--season <season>", "season, YYYY-YY")
    .option("--season-type <type>", "NBA stats season type (Regular Season, Playoffs, PlayIn)")
    .option("--game-id <id>", "NBA game id (10 digits)")
    .option("--event-id <id>", "Odds API event id")
    .option("--snapshot <iso>", "historical snapshot instant (Odds API *-history scrapers)")
    .option("--markets <list>", "Odds API markets, comma-separated")
    .option("--regions <list>", "Odds API regions, comma-separated")
    .option("--bookmakers <list>", "Odds API bookmakers, comma-separated")
    .option("--hour <h>", "injury report hour 1..12 (Eastern)")
    .option("--period <AM|PM>", "injury report AM/PM")
    .option("--concurrency <n>", "parallel scrapers (default NBA_PROPS_SCRAPE_CONCURRENCY)")
    .option("--json", "print the run summary as JSON")
    .option("--project <dir>", "project directory (default: cwd)")
    .action(async (source: string | undefined, opts: CliOptions) => {
      const rawWrite = options.write ?? ((t: string) => process.stdout.write(t));
      // Everything printed passes the redactor of the configured secrets (an error may quote a response).
      const redact = createRedactor(Object.values((await loadConfigSafely(opts.project)).secrets));
      const write = (t: string) => rawWrite(redact(t));
      try {
        const { createRawArchive } = await import("../../config/runtime.ts");
        const { NAMED_WORKFLOWS, runNamedWorkflow } = await import("../../scrapers/named-workflows.ts");
        const { SCRAPERS } = await import("../../scrapers/registry.ts");
        const { archiveOnlySink } = await import("../../scrapers/sink.ts");
        const { runWorkflow } = await import("../../scrapers/workflow.ts");
        const { createContext } = await import("../context.ts");
        const listing = () => sourceListing(SCRAPERS.values(), NAMED_WORKFLOWS.values());
        if (opts.list || !source) {
          write(listing());
          if (!opts.list) process.exitCode = 1;
          return;
        }
        const def = SCRAPERS.get(source);
        const workflow = NAMED_WORKFLOWS.get(source);
        if (!def && !workflow) {
          write(`unknown source "${source}"; valid sources:\n${listing()}`);
          process.exitCode = 1;
          return;
        }
        const ctx = createContext(opts.project);
        const archive = options.archiveFactory ? await options.archiveFactory(ctx) : await createRawArchive(ctx.config);
        const sink = options.sinkFactory ? await options.sinkFactory(ctx, archive) : archiveOnlySink;
        const deps = {
          config: ctx.config,
          archive,
          logger: ctx.logger,
          sink,
          fetch: options.fetch,
          sleep: options.sleep,
        };
        const concurrency = opts.concurrency ? Number(opts.concurrency) : undefined;
        if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) {
          throw new Error(`--concurrency must be a positive integer, got "${opts.concurrency}"`);
        }
        const now = new Date();
        let summary: WorkflowSummary;
        try {
          summary = def
            ? await runWorkflow(source, [{ scraper: def, params: await paramsFor(def, opts, now) }], deps, {
                concurrency,
              })
            : await runNamedWorkflow(
                workflow!,
                { date: opts.date, season: opts.season, extra: oddsExtras(opts), now },
                deps,
                { concurrency },
              );
        } finally {
          await sink.close?.();
        }
        write(opts.json ? toJson(publicSummary(summary)) : render(summary));
        if (!summary.ok) process.exitCode = 1;
      } catch (error) {
        write(opts.json ? errorJson(error) : `scrape: ${(error as Error).message}\n`);
        process.exitCode = 1;
      }
    });
}

/** CLI options → scraper params (only the given ones; each scraper's zod schema validates them). */
export async function paramsFor(
  def: AnyScraperDefinition,
  opts: CliOptions,
  now: Date,
): Promise<Record<string, unknown>> {
  const { easternDate, easternReportSlot } = await import("../../scrapers/params.ts");
  const p: Record<string, unknown> = {
    date: opts.date,
    season: opts.season,
    seasonType: opts.seasonType,
    gameId: opts.gameId,
    eventId: opts.eventId,
    snapshot: opts.snapshot,
    hour: opts.hour,
    period: opts.period,
    ...oddsExtras(opts),
  };
  // Sources that are "as of now" default to today's Eastern date / the current report hour.
  const live = def.source === "nba-injury-report" || (def.source === "odds-api" && !def.name.endsWith("-history"));
  if (live && p.date === undefined) p.date = easternDate(now);
  if (def.source === "nba-injury-report" && p.hour === undefined && p.period === undefined) {
    Object.assign(p, easternReportSlot(now));
  }
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));
}

function oddsExtras(opts: CliOptions): Record<string, unknown> {
  const extras: Record<string, unknown> = { markets: opts.markets, regions: opts.regions, bookmakers: opts.bookmakers };
  return Object.fromEntries(Object.entries(extras).filter(([, v]) => v !== undefined));
}

function sourceListing(scrapers: Iterable<AnyScraperDefinition>, workflows: Iterable<NamedWorkflow>): string {
  const lines = ["scrapers:"];
  for (const d of scrapers) lines.push(`  ${d.name.padEnd(32)} ${d.description}\n  ${"".padEnd(32)} ${d.paramHelp}`);
  lines.push("workflows (scrapers in parallel, limit --concurrency):");
  for (const p of workflows) lines.push(`  ${p.name.padEnd(32)} ${p.description}  [--date D] [--season S]`);
  return lines.join("\n") + "\n";
}

function publicSummary(s: WorkflowSummary) {
  return { ...s, outcomes: s.outcomes.map(({ result: _result, ...o }) => o) };
}

function render(s: WorkflowSummary): string {
  const lines = s.outcomes.map((o) => {
    if (o.status === "failed") return `FAILED  ${o.label}: ${o.error}`;
    const what = `${o.attempts} attempt${o.attempts === 1 ? "" : "s"}, ${o.bytes} bytes, ${o.records ?? 0} records`;
    if (o.status === "no_data") return `no data ${o.label} (${what})`;
    if ((o.rejected ?? 0) > 0) {
      const first = (o.rejections ?? [])
        .slice(0, 5)
        .map((e) => `\n          ${e}`)
        .join("");
      return `REJECTED ${o.label} (${what}): ${o.rejected} record(s) rejected and quarantined → ${o.archiveKey}${first}`;
    }
    return `ok      ${o.label} (${what}) → ${o.archiveKey}`;
  });
  lines.push(
    `${s.workflow}: ${s.succeeded} ok, ${s.noData} no data, ${s.failed.length} failed` +
      `${s.failed.length ? ` (${s.failed.join(", ")})` : ""}` +
      `${s.withRejections.length ? `, ${s.withRejections.length} with rejected records (${s.withRejections.join(", ")})` : ""}` +
      `; correlation id ${s.correlationId}`,
  );
  return lines.join("\n") + "\n";
}
