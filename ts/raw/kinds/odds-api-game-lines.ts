import { z } from "zod";
import { integer, optionalNumber, seasonOfDate, text, utcTimestamp } from "../fields.ts";
import { definePayloadKind, folderPattern, type RowContext } from "../payload-kind.ts";
import { easternDateOf, eventTeams, oddsEventFields } from "./odds-api-fields.ts";

/**
 * Scraped The Odds API game lines (odds-api-game-lines and its -history twin; every event of a date per payload),
 * flattened by ts/scrapers/raw-records.ts to one record per event × bookmaker × market × outcome.
 */
const record = z.object({
  ...oddsEventFields,
  market_last_update: z.string().transform((raw, ctx) => {
    if (raw.trim() === "") return null;
    const parsed = utcTimestamp().safeParse(raw);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: "custom", message: parsed.error.issues[0]?.message ?? "expected a UTC timestamp" });
    return z.NEVER;
  }),
  outcome_name: text(),
  point: optionalNumber(),
  price: integer(),
});

type Side = "home" | "away" | "over" | "under";

function outcomeSide(
  context: RowContext,
  name: string,
  teams: { team_abbr_home: string | null; team_abbr_away: string | null },
): { side: Side | null; tricode: string | null } {
  if (/^over$/i.test(name)) return { side: "over", tricode: null };
  if (/^under$/i.test(name)) return { side: "under", tricode: null };
  const tricode = context.teams.byName(name);
  if (!tricode) {
    context.reject(
      "outcome_name",
      `unknown team ${JSON.stringify(name)} (not Over/Under and no team name or nickname in team_crosswalk)`,
    );
    return { side: null, tricode: null };
  }
  if (tricode === teams.team_abbr_home) return { side: "home", tricode };
  if (tricode === teams.team_abbr_away) return { side: "away", tricode };
  context.reject(
    "outcome_name",
    `team ${JSON.stringify(name)} (${tricode}) is neither the home nor the away team of the event`,
  );
  return { side: null, tricode };
}

export const oddsApiGameLines = definePayloadKind({
  name: "odds_api_game_lines",
  table: "odds_game_line_snapshots",
  pathPattern: folderPattern("odds_api_game_lines"),
  schema: record,
  needs: ["teams"],
  loadOrder: 2,
  toRow(r, context) {
    const teams = eventTeams(context, r);
    const outcome = outcomeSide(context, r.outcome_name, teams);
    if (r.point === null && !r.market.startsWith("h2h"))
      context.reject("point", `missing point for a ${r.market} outcome`);
    const gameDate = easternDateOf(r.commence_time);
    return {
      season: seasonOfDate(gameDate),
      game_date: gameDate,
      event_id: r.event_id,
      commence_time: r.commence_time,
      ...teams,
      bookmaker_key: r.bookmaker_key,
      bookmaker: r.bookmaker,
      market: r.market,
      market_last_update: r.market_last_update,
      outcome_name: r.outcome_name,
      outcome_side: outcome.side,
      outcome_team_abbr: outcome.tricode,
      point: r.point,
      price: r.price,
      snapshot_time: r.snapshot_time,
    };
  },
});
