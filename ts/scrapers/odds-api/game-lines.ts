import { z } from "zod";
import { archiveKey, segment } from "../archive-key.ts";
import { dateParam, easternDayUtcRange, snapshotParam } from "../params.ts";
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
 * `GET /v4/sports/basketball_nba/odds?markets=spreads,totals` (current) and
 * `/v4/historical/sports/basketball_nba/odds?date=…` (snapshot): game lines for every game of one Eastern
 * date in ONE call (commenceTimeFrom/To), instead of the reference's one call per event.
 */
const base = {
  date: dateParam,
  markets: marketsParam(["spreads", "totals"]),
  regions: regionsParam,
  bookmakers: bookmakersParam,
};
const currentParams = z.object(base);
const historyParams = z.object({ ...base, snapshot: snapshotParam });
export type GameLinesParams = z.output<typeof currentParams>;
export type GameLinesHistoryParams = z.output<typeof historyParams>;

function query(p: GameLinesParams): Record<string, string | undefined> {
  const range = easternDayUtcRange(p.date);
  return {
    regions: p.bookmakers.length ? undefined : p.regions.join(","),
    bookmakers: p.bookmakers.length ? p.bookmakers.join(",") : undefined,
    markets: p.markets.join(","),
    oddsFormat: "american",
    dateFormat: "iso",
    commenceTimeFrom: range.from,
    commenceTimeTo: range.to,
  };
}

function keyParts(kind: string, p: GameLinesParams): string[] {
  return [
    "odds-api",
    kind,
    p.date,
    segment("markets", p.markets),
    p.bookmakers.length ? segment("bookmakers", p.bookmakers) : segment("regions", p.regions),
  ];
}

export const oddsApiGameLines = defineScraper<GameLinesParams>({
  name: "odds-api-game-lines",
  source: "odds-api",
  description: "The Odds API game lines (default spreads, totals) of every game of an Eastern date, current odds",
  params: currentParams,
  paramHelp: "--date YYYY-MM-DD [--markets spreads,totals,h2h] [--regions us] [--bookmakers a,b]",
  buildRequest: (p, config) => oddsRequest(config, `sports/${ODDS_SPORT}/odds`, query(p)),
  payload: jsonPayload(z.array(eventOdds), (list) => ({
    records: countOutcomes(list),
    eventIds: list.map((e) => e.id),
  })),
  archiveKey: (p, fetchedAt) => archiveKey(keyParts("game-lines", p), fetchedAt, ".json"),
  loaderKind: "odds_game_lines",
  noDataStatuses: [204],
  keepResponseHeaders: ODDS_QUOTA_HEADERS,
});

export const oddsApiGameLinesHistory = defineScraper<GameLinesHistoryParams>({
  name: "odds-api-game-lines-history",
  source: "odds-api",
  description: "The Odds API game lines of every game of an Eastern date as of a historical snapshot",
  params: historyParams,
  paramHelp: "--date YYYY-MM-DD --snapshot ISO [--markets …] [--regions …] [--bookmakers …]",
  buildRequest: (p, config) =>
    oddsRequest(config, `historical/sports/${ODDS_SPORT}/odds`, { ...query(p), date: p.snapshot }),
  payload: jsonPayload(historical(z.array(eventOdds)), (h) => ({
    records: countOutcomes(h.data),
    eventIds: h.data.map((e) => e.id),
  })),
  archiveKey: (p, fetchedAt) =>
    archiveKey(
      [...keyParts("game-lines-history", p), segment("snapshot", compactInstant(p.snapshot))],
      fetchedAt,
      ".json",
    ),
  loaderKind: "odds_game_lines_historical",
  noDataStatuses: [204],
  keepResponseHeaders: ODDS_QUOTA_HEADERS,
});
