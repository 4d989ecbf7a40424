import { z } from "zod";
import { archiveKey, segment, slug } from "../archive-key.ts";
import { dateParam, nbaStatsDate, seasonOfDate, seasonParam, seasonTypeParam } from "../params.ts";
import { jsonPayload } from "../payload.ts";
import { defineScraper, type LoaderKind } from "../types.ts";
import { NBA_STATS_HEADERS, resultSetsPayload, statsUrl } from "./common.ts";

/**
 * stats.nba.com `leaguegamelog`: one row per player-game (PlayerOrTeam=P) or team-game (T).
 * With `date`, only that day's games (DateFrom = DateTo); without, the whole season.
 * The shipped data/player_box_scores files are exactly this endpoint's player rows.
 */
const params = z
  .object({ season: seasonParam.optional(), date: dateParam.optional(), seasonType: seasonTypeParam })
  .refine((p) => p.season !== undefined || p.date !== undefined, "give a date or a season")
  .transform((p) => ({ season: p.season ?? seasonOfDate(p.date as string), date: p.date, seasonType: p.seasonType }));
export type LeagueGameLogParams = z.output<typeof params>;

const PLAYER_COLUMNS = [
  "SEASON_ID",
  "PLAYER_ID",
  "PLAYER_NAME",
  "TEAM_ID",
  "TEAM_ABBREVIATION",
  "GAME_ID",
  "GAME_DATE",
  "MATCHUP",
  "WL",
  "MIN",
  "PTS",
  "FGM",
  "FGA",
  "FG3M",
  "FG3A",
  "FTM",
  "FTA",
  "REB",
  "AST",
] as const;
const TEAM_COLUMNS = [
  "SEASON_ID",
  "TEAM_ID",
  "TEAM_ABBREVIATION",
  "TEAM_NAME",
  "GAME_ID",
  "GAME_DATE",
  "MATCHUP",
  "WL",
  "MIN",
  "PTS",
  "FGM",
  "FGA",
  "FG3M",
  "FG3A",
  "FTM",
  "FTA",
  "OREB",
  "DREB",
  "REB",
  "AST",
  "TOV",
] as const;

function gameLog(mode: "P" | "T") {
  const players = mode === "P";
  const kind = players ? "league-game-log-players" : "league-game-log-teams";
  const loaderKind: LoaderKind = players ? "nba_player_game_log" : "nba_team_game_log";
  return defineScraper<LeagueGameLogParams>({
    name: players ? "nba-stats-player-game-log" : "nba-stats-team-game-log",
    source: "nba-stats",
    description: `stats.nba.com leaguegamelog, ${players ? "player" : "team"} box scores for a date or a season`,
    params,
    paramHelp: "--date YYYY-MM-DD and/or --season YYYY-YY [--season-type 'Regular Season'|Playoffs|PlayIn]",
    buildRequest(p, config) {
      const day = p.date ? nbaStatsDate(p.date) : "";
      return {
        url: statsUrl(config.sources.nbaStatsBaseUrl, "leaguegamelog", {
          Counter: "1000",
          DateFrom: day,
          DateTo: day,
          Direction: "DESC",
          LeagueID: "00",
          PlayerOrTeam: mode,
          Season: p.season,
          SeasonType: p.seasonType,
          Sorter: "DATE",
        }),
        headers: NBA_STATS_HEADERS,
        secretQueryParams: [],
      };
    },
    payload: jsonPayload(resultSetsPayload("LeagueGameLog", players ? PLAYER_COLUMNS : TEAM_COLUMNS), (set) => ({
      records: set.rowSet.length,
    })),
    archiveKey: (p, fetchedAt) =>
      archiveKey(
        [
          "nba-stats",
          kind,
          p.date ?? p.season,
          segment("season", p.season),
          segment("season-type", slug(p.seasonType)),
        ],
        fetchedAt,
        ".json",
      ),
    loaderKind,
    noDataStatuses: [],
  });
}

export const nbaStatsPlayerGameLog = gameLog("P");
export const nbaStatsTeamGameLog = gameLog("T");
