import { z } from "zod";
import { archiveKey } from "../archive-key.ts";
import { seasonParam } from "../params.ts";
import { jsonPayload } from "../payload.ts";
import { defineScraper } from "../types.ts";
import { NBA_STATS_HEADERS, statsUrl } from "./common.ts";

/**
 * stats.nba.com `scheduleleaguev2int`: the season's full schedule (game id, date, tip-off UTC, home/away team,
 * status, scores once final). Shape:
 *   {meta, leagueSchedule: {seasonYear, leagueId, gameDates: [{gameDate, games: [{gameId, gameDateTimeUTC,
 *    homeTeam: {teamId, teamTricode, …}, awayTeam: {…}, …}]}]}}
 */
const params = z.object({ season: seasonParam });
export type ScheduleParams = z.output<typeof params>;

const team = z.object({ teamId: z.number().int(), teamTricode: z.string() });
const game = z.object({
  gameId: z.string().regex(/^\d{10}$/),
  gameStatus: z.number().int(),
  homeTeam: team,
  awayTeam: team,
});
const schema = z.object({
  leagueSchedule: z.object({
    seasonYear: z.string(),
    leagueId: z.string(),
    gameDates: z.array(z.object({ gameDate: z.string(), games: z.array(game) })),
  }),
});

export const nbaStatsSchedule = defineScraper<ScheduleParams>({
  name: "nba-stats-schedule",
  source: "nba-stats",
  description: "stats.nba.com scheduleleaguev2int, the season schedule (game ids, dates, tip-off times, teams)",
  params,
  paramHelp: "--season YYYY-YY",
  buildRequest: (p, config) => ({
    url: statsUrl(config.sources.nbaStatsBaseUrl, "scheduleleaguev2int", { LeagueID: "00", Season: p.season }),
    headers: NBA_STATS_HEADERS,
    secretQueryParams: [],
  }),
  payload: jsonPayload(schema, (s) => ({
    records: s.leagueSchedule.gameDates.reduce((n, d) => n + d.games.length, 0),
  })),
  archiveKey: (p, fetchedAt) => archiveKey(["nba-stats", "schedule", p.season], fetchedAt, ".json"),
  loaderKind: "nba_schedule",
  noDataStatuses: [],
});
