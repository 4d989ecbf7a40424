import { z } from "zod";
import { archiveKey, segment, slug } from "../archive-key.ts";
import { dateParam, gameIdParam, nbaStatsDate, seasonOfDate, seasonParam, seasonTypeParam } from "../params.ts";
import { jsonPayload } from "../payload.ts";
import { defineScraper } from "../types.ts";
import { NBA_STATS_HEADERS, resultSetsPayload, statsUrl } from "./common.ts";

/**
 * stats.nba.com `shotchartdetail`: one row per field-goal attempt (SHOT_ZONE_BASIC, SHOT_TYPE, SHOT_MADE_FLAG …),
 * for every player (PlayerID=0, TeamID=0, ContextMeasure=FGA) of one game (`gameId`) or one date.
 * The shipped data/shot_zones files are per player-game aggregates of exactly these rows.
 */
const params = z
  .object({
    season: seasonParam.optional(),
    date: dateParam.optional(),
    gameId: gameIdParam.optional(),
    seasonType: seasonTypeParam,
  })
  .refine((p) => p.date !== undefined || p.gameId !== undefined, "give a date or a game id")
  .transform((p, ctx) => {
    const season = p.season ?? (p.date ? seasonOfDate(p.date) : seasonOfGameId(p.gameId as string));
    if (!season) {
      ctx.addIssue({ code: "custom", message: "give a season (it cannot be derived from this game id)" });
      return z.NEVER;
    }
    return { season, date: p.date, gameId: p.gameId, seasonType: p.seasonType };
  });
export type ShotChartParams = z.output<typeof params>;

/** 002YY… → season 20YY-(YY+1). */
function seasonOfGameId(gameId: string): string | undefined {
  const yy = Number(gameId.slice(3, 5));
  if (Number.isNaN(yy)) return undefined;
  const start = 2000 + yy;
  return `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
}

const COLUMNS = [
  "GAME_ID",
  "GAME_EVENT_ID",
  "PLAYER_ID",
  "PLAYER_NAME",
  "TEAM_ID",
  "TEAM_NAME",
  "PERIOD",
  "SHOT_TYPE",
  "SHOT_ZONE_BASIC",
  "SHOT_ZONE_AREA",
  "SHOT_ZONE_RANGE",
  "SHOT_DISTANCE",
  "SHOT_ATTEMPTED_FLAG",
  "SHOT_MADE_FLAG",
  "GAME_DATE",
] as const;

export const nbaStatsShotChartDetail = defineScraper<ShotChartParams>({
  name: "nba-stats-shot-chart",
  source: "nba-stats",
  description: "stats.nba.com shotchartdetail, every field-goal attempt (shot zones) of a game or a date",
  params,
  paramHelp: "--game-id 00224xxxxx and/or --date YYYY-MM-DD [--season YYYY-YY] [--season-type …]",
  buildRequest(p, config) {
    const day = p.date ? nbaStatsDate(p.date) : "";
    return {
      url: statsUrl(config.sources.nbaStatsBaseUrl, "shotchartdetail", {
        AheadBehind: "",
        ClutchTime: "",
        ContextFilter: "",
        ContextMeasure: "FGA",
        DateFrom: day,
        DateTo: day,
        EndPeriod: "",
        EndRange: "",
        GameID: p.gameId ?? "",
        GameSegment: "",
        LastNGames: "0",
        LeagueID: "00",
        Location: "",
        Month: "0",
        OpponentTeamID: "0",
        Outcome: "",
        Period: "0",
        PlayerID: "0",
        PlayerPosition: "",
        PointDiff: "",
        Position: "",
        RangeType: "",
        RookieYear: "",
        Season: p.season,
        SeasonSegment: "",
        SeasonType: p.seasonType,
        StartPeriod: "",
        StartRange: "",
        TeamID: "0",
        VsConference: "",
        VsDivision: "",
      }),
      headers: NBA_STATS_HEADERS,
      secretQueryParams: [],
    };
  },
  payload: jsonPayload(resultSetsPayload("Shot_Chart_Detail", COLUMNS), (set) => ({ records: set.rowSet.length })),
  archiveKey: (p, fetchedAt) =>
    archiveKey(
      [
        "nba-stats",
        "shot-chart-detail",
        p.date ?? p.season,
        segment("season", p.season),
        segment("season-type", slug(p.seasonType)),
        segment("game", p.gameId ?? "all"),
      ],
      fetchedAt,
      ".json",
    ),
  loaderKind: "nba_shot_chart_detail",
  noDataStatuses: [],
});
