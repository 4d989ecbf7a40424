import { z } from "zod";
import { integer, isoDate, MAX_PROP_LINE, numberBetween, seasonOfDate, text, utcTimestamp } from "../fields.ts";
import { definePayloadKind, folderPattern } from "../payload-kind.ts";
import { resolvePropPlayer } from "./player-fields.ts";
import { tricodeForName } from "./team-fields.ts";

/** DFS pick'em lines (PrizePicks/Underdog via The Odds API us_dfs), one row per side: props/dfs_lines_oddsapi/{season}.csv.gz. */
const MARKETS = { player_points: "points", player_rebounds: "rebounds", player_assists: "assists" } as const;

const record = z.object({
  player: text(),
  market: z.enum(Object.keys(MARKETS) as [keyof typeof MARKETS]),
  bookmaker: text(),
  side: z.enum(["Over", "Under"]),
  line: numberBetween(0, MAX_PROP_LINE),
  price: integer(),
  home_team: text(),
  away_team: text(),
  game_id: text().pipe(z.string().regex(/^[0-9a-f]+$/i, "expected a hex Odds API event id")),
  commence_time: utcTimestamp(),
  source_file: text().pipe(
    z.string().regex(/^\d{2}_\d{2}_\d{4}\.csv$/, "expected an upstream file name MM_DD_YYYY.csv"),
  ),
});

/** "10_22_2024.csv" → "2024-10-22". */
const slateDate = (file: string) => `${file.slice(6, 10)}-${file.slice(0, 2)}-${file.slice(3, 5)}`;

export const dfsProps = definePayloadKind({
  name: "dfs_props",
  table: "player_prop_lines",
  pathPattern: folderPattern("dfs_lines_oddsapi"),
  schema: record,
  needs: ["teams", "players"],
  loadOrder: 3,
  toRow(r, context) {
    const eventDate = r.commence_time.slice(0, 10);
    const slate = slateDate(r.source_file);
    if (!isoDate().safeParse(slate).success)
      context.reject("source_file", `no calendar date in ${JSON.stringify(r.source_file)}`);
    const side = r.side === "Over" ? "over" : "under";
    return {
      season: seasonOfDate(eventDate),
      market: MARKETS[r.market],
      bookmaker_type: "dfs",
      bookmaker: r.bookmaker,
      event_id: r.game_id,
      event_date: eventDate,
      commence_time: r.commence_time,
      snapshot_time: null,
      slate_date: slate,
      team_name_home: r.home_team,
      team_name_away: r.away_team,
      team_abbr_home: tricodeForName(context, "home_team", r.home_team),
      team_abbr_away: tricodeForName(context, "away_team", r.away_team),
      player_name: r.player,
      ...resolvePropPlayer(context, "player", r.player),
      side,
      line: r.line,
      over_price: side === "over" ? r.price : null,
      under_price: side === "under" ? r.price : null,
      upstream_file: r.source_file,
    };
  },
});
