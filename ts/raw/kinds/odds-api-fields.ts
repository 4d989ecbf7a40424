import { z } from "zod";
import { optionalText, text, utcTimestamp } from "../fields.ts";
import type { RowContext } from "../payload-kind.ts";
import { tricodeForName } from "./team-fields.ts";

/**
 * Fields shared by the kinds that read scraped The Odds API v4 event-odds payloads (flattened to CSV records by
 * ts/scrapers/raw-records.ts). `payload_path` locates the record in the JSON payload
 * (`[event].bookmakers[b].markets[m].outcomes[o]`); it is kept in the quarantine, not in the table.
 */
export const oddsEventFields = {
  event_id: text().pipe(z.string().regex(/^[0-9a-f]+$/i, "expected a hex Odds API event id")),
  commence_time: utcTimestamp(),
  home_team: text(),
  away_team: text(),
  bookmaker_key: text(),
  bookmaker: text(),
  market: text(),
  snapshot_time: utcTimestamp(),
  payload_path: optionalText(),
};

/** US-Eastern calendar date (YYYY-MM-DD) of a UTC instant: the NBA game date of a tip-off. */
export function easternDateOf(isoInstant: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "America/New_York",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(isoInstant));
}

/** Home/away names → tricodes (unknown names rejected, naming home_team / away_team). */
export function eventTeams(context: RowContext, r: { home_team: string; away_team: string }) {
  return {
    team_name_home: r.home_team,
    team_name_away: r.away_team,
    team_abbr_home: tricodeForName(context, "home_team", r.home_team),
    team_abbr_away: tricodeForName(context, "away_team", r.away_team),
  };
}
