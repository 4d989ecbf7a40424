import { z } from "zod";
import { isoDate, MAX_PROP_LINE, numberBetween, optionalInteger, seasonOfDate, text, utcTimestamp } from "../fields.ts";
import { definePayloadKind, folderPattern } from "../payload-kind.ts";
import { resolvePropPlayer } from "./player-fields.ts";
import { tricodeForName } from "./team-fields.ts";

/** Sportsbook points+rebounds+assists lines (The Odds API, region us): props/pra_oddsapi/{season}.csv.gz. */
const record = z.object({
  player_name: text(),
  event_id: text().pipe(z.string().regex(/^[0-9a-f]+$/i, "expected a hex Odds API event id")),
  event_date: isoDate(),
  home_team: text(),
  away_team: text(),
  bookmaker: text(),
  line: numberBetween(0, MAX_PROP_LINE),
  timestamp: utcTimestamp(),
  over_price: optionalInteger(),
  under_price: optionalInteger(),
});

export const praProps = definePayloadKind({
  name: "pra_props",
  table: "player_prop_lines",
  pathPattern: folderPattern("pra_oddsapi"),
  schema: record,
  needs: ["teams", "players"],
  loadOrder: 3,
  toRow(r, context) {
    return {
      season: seasonOfDate(r.event_date),
      market: "points_rebounds_assists",
      bookmaker_type: "sportsbook",
      bookmaker: r.bookmaker,
      event_id: r.event_id,
      event_date: r.event_date,
      commence_time: null,
      snapshot_time: r.timestamp,
      slate_date: null,
      team_name_home: r.home_team,
      team_name_away: r.away_team,
      team_abbr_home: tricodeForName(context, "home_team", r.home_team),
      team_abbr_away: tricodeForName(context, "away_team", r.away_team),
      player_name: r.player_name,
      ...resolvePropPlayer(context, "player_name", r.player_name),
      side: null,
      line: r.line,
      over_price: r.over_price,
      under_price: r.under_price,
      upstream_file: null,
    };
  },
});
