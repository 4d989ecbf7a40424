import { z } from "zod";
import { MAX_PROP_LINE, numberBetween, optionalInteger, seasonOfDate, text } from "../fields.ts";
import { definePayloadKind, folderPattern } from "../payload-kind.ts";
import { easternDateOf, eventTeams, oddsEventFields } from "./odds-api-fields.ts";
import { resolvePropPlayer } from "./player-fields.ts";

/**
 * Scraped The Odds API player props (odds-api-player-props and its -history twin; one event per payload), flattened
 * by ts/scrapers/raw-records.ts to one record per (bookmaker, market, player, line): `side` empty when the Over and
 * the Under of that line are both present (both prices), else Over/Under with that side's price only.
 */
const record = z.object({
  ...oddsEventFields,
  player_name: text(),
  side: z.enum(["", "Over", "Under"], {
    error: (i) => `expected Over or Under (player prop outcome), got ${JSON.stringify(i.input)}`,
  }),
  line: numberBetween(0, MAX_PROP_LINE),
  over_price: optionalInteger(),
  under_price: optionalInteger(),
});

/** The Odds API's DFS (region us_dfs) bookmaker keys: pick'em operators, placeholder prices. */
const DFS_BOOKMAKERS = new Set(["prizepicks", "underdog", "pick6", "betr_us_dfs"]);

export const oddsApiPlayerProps = definePayloadKind({
  name: "odds_api_player_props",
  table: "player_prop_lines",
  pathPattern: folderPattern("odds_api_player_props"),
  schema: record,
  needs: ["teams", "players"],
  loadOrder: 3,
  toRow(r, context) {
    const side = r.side === "" ? null : r.side === "Over" ? "over" : "under";
    if ((side === null || side === "over") && r.over_price === null)
      context.reject("over_price", "missing price for the Over outcome");
    if ((side === null || side === "under") && r.under_price === null)
      context.reject("under_price", "missing price for the Under outcome");
    const eventDate = r.commence_time.slice(0, 10);
    return {
      season: seasonOfDate(eventDate),
      market: r.market.replace(/^player_/, ""),
      bookmaker_type: DFS_BOOKMAKERS.has(r.bookmaker_key) ? "dfs" : "sportsbook",
      bookmaker: r.bookmaker,
      event_id: r.event_id,
      event_date: eventDate,
      commence_time: r.commence_time,
      snapshot_time: r.snapshot_time,
      slate_date: easternDateOf(r.commence_time),
      ...eventTeams(context, r),
      player_name: r.player_name,
      ...resolvePropPlayer(context, "player_name", r.player_name),
      side,
      line: r.line,
      over_price: side === "under" ? null : r.over_price,
      under_price: side === "over" ? null : r.under_price,
      upstream_file: null,
    };
  },
});
