import { z } from "zod";
import type { Config } from "../../config/config.ts";
import { ScrapeError } from "../errors.ts";
import { listParam } from "../params.ts";
import type { ScraperRequest } from "../types.ts";

/**
 * The Odds API v4 shared pieces. The key travels as the `apiKey` query parameter (the API's only way),
 * so `apiKey` is declared secret: redacted from every logged URL and error, never in keys or metadata.
 */
export const ODDS_SPORT = "basketball_nba";
export const ODDS_SECRET_PARAMS = ["apiKey"] as const;
/** Quota headers the API sends on every response; kept in the archive metadata and logged. */
export const ODDS_QUOTA_HEADERS = ["x-requests-remaining", "x-requests-used", "x-requests-last"] as const;

export function oddsRequest(config: Config, path: string, query: Record<string, string | undefined>): ScraperRequest {
  const key = config.secrets.oddsApiKey;
  if (!key) {
    throw new ScrapeError("config", "odds-api: ODDS_API_KEY is not set (the key is read from the environment only)", {
      source: "odds-api",
    });
  }
  const url = new URL(`${config.sources.oddsApiBaseUrl.replace(/\/+$/, "")}/${path}`);
  url.searchParams.set("apiKey", key);
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") url.searchParams.set(k, v);
  return { url: url.toString(), headers: { Accept: "application/json" }, secretQueryParams: ODDS_SECRET_PARAMS };
}

export const marketsParam = (fallback: string[]) => listParam(/^[a-z0-9_]+$/, fallback);
export const regionsParam = listParam(/^[a-z0-9_]+$/, ["us"]);
export const bookmakersParam = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) =>
    v === undefined
      ? []
      : [...new Set((Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter(Boolean))].sort(),
  )
  .refine((items) => items.every((s) => /^[a-z0-9_]+$/.test(s)), "invalid bookmaker key");

/** `2025-01-15T22:00:00Z` → `20250115T220000Z` (archive key segment). */
export function compactInstant(iso: string): string {
  return iso.replace(/[-:]/g, "");
}

// ---- response shapes (The Odds API v4) ----

export const oddsEvent = z.object({
  id: z.string().min(1),
  sport_key: z.string(),
  commence_time: z.string(),
  home_team: z.string(),
  away_team: z.string(),
});

/**
 * The structure is checked here (a payload without it is refused whole); the values of an outcome are not: a bad
 * price or point is rejected by the raw kind for that record only, and the rest of the payload loads.
 */
const outcome = z.looseObject({
  name: z.unknown(),
  description: z.unknown().optional(),
  price: z.unknown(),
  point: z.unknown().optional(),
});
const market = z.object({ key: z.string(), last_update: z.string().optional(), outcomes: z.array(outcome) });
const bookmaker = z.object({
  key: z.string(),
  title: z.string(),
  last_update: z.string().optional(),
  markets: z.array(market),
});

export const eventOdds = oddsEvent.extend({ bookmakers: z.array(bookmaker) });
export type EventOdds = z.infer<typeof eventOdds>;

/** Historical endpoints wrap the current shape: {timestamp, previous_timestamp, next_timestamp, data}. */
export function historical<T extends z.ZodType>(data: T) {
  return z.object({
    timestamp: z.string(),
    previous_timestamp: z.string().nullable().optional(),
    next_timestamp: z.string().nullable().optional(),
    data,
  });
}

export function countOutcomes(events: readonly EventOdds[]): number {
  let n = 0;
  for (const e of events) for (const b of e.bookmakers) for (const m of b.markets) n += m.outcomes.length;
  return n;
}
