import { z } from "zod";
import { archiveKey, segment } from "../archive-key.ts";
import { dateParam, eventIdParam, snapshotParam } from "../params.ts";
import { jsonPayload } from "../payload.ts";
import { defineScraper } from "../types.ts";
import {
  bookmakersParam,
  compactInstant,
  countOutcomes,
  eventOdds,
  historical,
  marketsParam,
  ODDS_QUOTA_HEADERS,
  ODDS_SPORT,
  oddsRequest,
  regionsParam,
} from "./common.ts";

/**
 * `GET /v4/sports/basketball_nba/events/{eventId}/odds?markets=player_points…` (current) and
 * `/v4/historical/sports/basketball_nba/events/{eventId}/odds?date=…` (snapshot): player prop markets of one
 * event. Outcomes: {name: "Over"|"Under", description: <player>, price, point: <line>}.
 * 204 = no markets posted yet → `no_data` (the reference accepted 204 too).
 */
const base = {
  date: dateParam,
  eventId: eventIdParam,
  markets: marketsParam(["player_points"]),
  regions: regionsParam,
  bookmakers: bookmakersParam,
};
const currentParams = z.object(base);
const historyParams = z.object({ ...base, snapshot: snapshotParam });
export type PlayerPropsParams = z.output<typeof currentParams>;
export type PlayerPropsHistoryParams = z.output<typeof historyParams>;

function query(p: PlayerPropsParams): Record<string, string | undefined> {
  return {
    // With bookmakers the API ignores regions; send one or the other.
    regions: p.bookmakers.length ? undefined : p.regions.join(","),
    bookmakers: p.bookmakers.length ? p.bookmakers.join(",") : undefined,
    markets: p.markets.join(","),
    oddsFormat: "american",
    dateFormat: "iso",
  };
}

function keyParts(kind: string, p: PlayerPropsParams): string[] {
  return [
    "odds-api",
    kind,
    p.date,
    segment("event", p.eventId),
    segment("markets", p.markets),
    p.bookmakers.length ? segment("bookmakers", p.bookmakers) : segment("regions", p.regions),
  ];
}

export const oddsApiPlayerProps = defineScraper<PlayerPropsParams>({
  name: "odds-api-player-props",
  source: "odds-api",
  description: "The Odds API player prop markets (default player_points) of one event, current odds",
  params: currentParams,
  paramHelp: "--date YYYY-MM-DD --event-id ID [--markets player_points,…] [--regions us] [--bookmakers a,b]",
  buildRequest: (p, config) => oddsRequest(config, `sports/${ODDS_SPORT}/events/${p.eventId}/odds`, query(p)),
  payload: jsonPayload(eventOdds, (e) => ({ records: countOutcomes([e]) })),
  archiveKey: (p, fetchedAt) => archiveKey(keyParts("player-props", p), fetchedAt, ".json"),
  loaderKind: "odds_player_props",
  noDataStatuses: [204],
  keepResponseHeaders: ODDS_QUOTA_HEADERS,
});

export const oddsApiPlayerPropsHistory = defineScraper<PlayerPropsHistoryParams>({
  name: "odds-api-player-props-history",
  source: "odds-api",
  description: "The Odds API player prop markets of one event as of a historical snapshot",
  params: historyParams,
  paramHelp: "--date YYYY-MM-DD --event-id ID --snapshot ISO [--markets …] [--regions …] [--bookmakers …]",
  buildRequest: (p, config) =>
    oddsRequest(config, `historical/sports/${ODDS_SPORT}/events/${p.eventId}/odds`, { ...query(p), date: p.snapshot }),
  payload: jsonPayload(historical(eventOdds), (h) => ({ records: countOutcomes([h.data]) })),
  archiveKey: (p, fetchedAt) =>
    archiveKey(
      [...keyParts("player-props-history", p), segment("snapshot", compactInstant(p.snapshot))],
      fetchedAt,
      ".json",
    ),
  loaderKind: "odds_player_props_historical",
  noDataStatuses: [204],
  keepResponseHeaders: ODDS_QUOTA_HEADERS,
});
