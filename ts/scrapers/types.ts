import type { z } from "zod";
import type { Config } from "../config/config.ts";

/** The production sources (DESIGN §1): one folder/module per source under ts/scrapers. */
export type SourceName = "nba-stats" | "odds-api" | "nba-injury-report";

/**
 * What a payload feeds (the raw loader in ts/raw). One kind per payload *shape*: current and historical
 * Odds API snapshots differ (historical wraps the current shape in `{timestamp, previous_timestamp,
 * next_timestamp, data}`), so they are distinct kinds.
 */
export type LoaderKind =
  | "nba_player_game_log"
  | "nba_team_game_log"
  | "nba_shot_chart_detail"
  | "nba_schedule"
  | "odds_events"
  | "odds_events_historical"
  | "odds_player_props"
  | "odds_player_props_historical"
  | "odds_game_lines"
  | "odds_game_lines_historical"
  | "nba_injury_report_pdf";

/** One HTTP GET. `secretQueryParams` name the query parameters whose values must never be shown. */
export interface ScraperRequest {
  url: string;
  headers: Record<string, string>;
  secretQueryParams: readonly string[];
}

/** Counted from a valid payload: records for the run summary, event ids for the odds fan-out. */
export interface PayloadSummary {
  records: number;
  eventIds?: string[];
}

export type PayloadCheck = { ok: true; value: unknown } | { ok: false; error: string };

export interface PayloadSpec {
  format: "json" | "pdf";
  /** File extension of the archive key (".json", ".pdf"). */
  extension: string;
  contentType: string;
  /** Checks the bytes have the shape the real API returns; never changes them. */
  check(bytes: Uint8Array): PayloadCheck;
  summarize(value: unknown): PayloadSummary;
}

/** A scraper = parameters (zod) + request builder + payload shape + archive key rule + the loader it feeds. */
export interface ScraperDefinition<P> {
  name: string;
  source: SourceName;
  description: string;
  /** zod schema of the parameters; its output is what the other members receive. */
  params: z.ZodType<P>;
  /** Human-readable parameter list for `scrape --list`. */
  paramHelp: string;
  buildRequest(params: P, config: Config): ScraperRequest;
  payload: PayloadSpec;
  /** Deterministic archive key (without secrets) from the parameters and the fetch time. */
  archiveKey(params: P, fetchedAt: Date): string;
  loaderKind: LoaderKind;
  /** Statuses meaning "nothing published yet" (run = `no_data`, nothing archived), e.g. Odds API 204. */
  noDataStatuses: readonly number[];
  /** Response headers worth keeping in the archive metadata (e.g. Odds API quota headers). */
  keepResponseHeaders?: readonly string[];
}

// A registry holds definitions of different parameter types; the parameters are validated by the
// definition's own schema before use (run-scraper.ts), so `any` never escapes into typed code.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyScraperDefinition = ScraperDefinition<any>;

export function defineScraper<P>(definition: ScraperDefinition<P>): ScraperDefinition<P> {
  return definition;
}
