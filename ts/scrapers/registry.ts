import { nbaInjuryReport } from "./nba-injury-report.ts";
import { nbaStatsPlayerGameLog, nbaStatsTeamGameLog } from "./nba-stats/league-game-log.ts";
import { nbaStatsSchedule } from "./nba-stats/schedule.ts";
import { nbaStatsShotChartDetail } from "./nba-stats/shot-chart-detail.ts";
import { oddsApiEvents, oddsApiEventsHistory } from "./odds-api/events.ts";
import { oddsApiGameLines, oddsApiGameLinesHistory } from "./odds-api/game-lines.ts";
import { oddsApiPlayerProps, oddsApiPlayerPropsHistory } from "./odds-api/player-props.ts";
import type { AnyScraperDefinition } from "./types.ts";

/** Every scraper, by name (the `nba-props scrape <source>` names). */
export const SCRAPERS: ReadonlyMap<string, AnyScraperDefinition> = new Map(
  [
    nbaStatsPlayerGameLog,
    nbaStatsTeamGameLog,
    nbaStatsShotChartDetail,
    nbaStatsSchedule,
    oddsApiEvents,
    oddsApiEventsHistory,
    oddsApiPlayerProps,
    oddsApiPlayerPropsHistory,
    oddsApiGameLines,
    oddsApiGameLinesHistory,
    nbaInjuryReport,
  ].map((d) => [d.name, d as AnyScraperDefinition]),
);

export function getScraper(name: string): AnyScraperDefinition | undefined {
  return SCRAPERS.get(name);
}
