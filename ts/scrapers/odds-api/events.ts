import { z } from "zod";
import { archiveKey, segment } from "../archive-key.ts";
import { dateParam, easternDayUtcRange, snapshotParam } from "../params.ts";
import { jsonPayload } from "../payload.ts";
import { defineScraper } from "../types.ts";
import { compactInstant, historical, ODDS_QUOTA_HEADERS, ODDS_SPORT, oddsEvent, oddsRequest } from "./common.ts";

/**
 * `GET /v4/sports/basketball_nba/events` (free of quota) and `/v4/historical/sports/basketball_nba/events?date=`:
 * the events (Odds API ids, teams, commence time) of one US-Eastern game date. Their ids drive the
 * per-event props fan-out (workflow `betting-lines`).
 */
const currentParams = z.object({ date: dateParam });
const historyParams = z.object({ date: dateParam, snapshot: snapshotParam });
export type EventsParams = z.output<typeof currentParams>;
export type EventsHistoryParams = z.output<typeof historyParams>;

const events = z.array(oddsEvent);

export const oddsApiEvents = defineScraper<EventsParams>({
  name: "odds-api-events",
  source: "odds-api",
  description: "The Odds API events of an Eastern game date (ids for the props fan-out)",
  params: currentParams,
  paramHelp: "--date YYYY-MM-DD",
  buildRequest(p, config) {
    const range = easternDayUtcRange(p.date);
    return oddsRequest(config, `sports/${ODDS_SPORT}/events`, {
      dateFormat: "iso",
      commenceTimeFrom: range.from,
      commenceTimeTo: range.to,
    });
  },
  payload: jsonPayload(events, (list) => ({ records: list.length, eventIds: list.map((e) => e.id) })),
  archiveKey: (p, fetchedAt) => archiveKey(["odds-api", "events", p.date], fetchedAt, ".json"),
  loaderKind: "odds_events",
  noDataStatuses: [],
  keepResponseHeaders: ODDS_QUOTA_HEADERS,
});

export const oddsApiEventsHistory = defineScraper<EventsHistoryParams>({
  name: "odds-api-events-history",
  source: "odds-api",
  description: "The Odds API events of an Eastern game date as of a historical snapshot",
  params: historyParams,
  paramHelp: "--date YYYY-MM-DD --snapshot 2025-01-15T22:00:00Z",
  buildRequest(p, config) {
    const range = easternDayUtcRange(p.date);
    return oddsRequest(config, `historical/sports/${ODDS_SPORT}/events`, {
      date: p.snapshot,
      dateFormat: "iso",
      commenceTimeFrom: range.from,
      commenceTimeTo: range.to,
    });
  },
  payload: jsonPayload(historical(events), (h) => ({ records: h.data.length, eventIds: h.data.map((e) => e.id) })),
  archiveKey: (p, fetchedAt) =>
    archiveKey(
      ["odds-api", "events-history", p.date, segment("snapshot", compactInstant(p.snapshot))],
      fetchedAt,
      ".json",
    ),
  loaderKind: "odds_events_historical",
  noDataStatuses: [],
  keepResponseHeaders: ODDS_QUOTA_HEADERS,
});
