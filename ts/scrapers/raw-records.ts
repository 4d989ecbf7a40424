import { z } from "zod";
import type { ResultSet } from "./nba-stats/common.ts";

/**
 * `toRawRecords` mappers: API payload shapes → the flat CSV records the raw loader kinds read (ts/raw/kinds),
 * with exactly the header of the matching kind (the files in shared/data/ have the same columns).
 *
 * | loader kind            | raw kind            | mapping |
 * |------------------------|---------------------|---------|
 * | nba_player_game_log    | player_box_scores   | LeagueGameLog rows, kind columns in order, + SEASON_LABEL = season |
 * | nba_team_game_log      | team_game_logs      | the two team rows of a game → one home/road row (home = MATCHUP "vs.") |
 * | nba_shot_chart_detail  | shot_zones          | shots grouped by (game, player), counted per SHOT_ZONE_BASIC (SOURCES.md §5) |
 * | odds_player_props[_historical] | odds_api_player_props | per (bookmaker, market, player, line): Over+Under prices |
 * | odds_game_lines[_historical]   | odds_api_game_lines   | per event × bookmaker × market × outcome |
 */
export type Cell = string | number | boolean | null | undefined;

export function toCsv(columns: readonly string[], rows: readonly Record<string, Cell>[]): string {
  const cell = (v: Cell): string => {
    if (v === null || v === undefined) return "";
    const s = typeof v === "boolean" ? (v ? "True" : "False") : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(","), ...rows.map((r) => columns.map((c) => cell(r[c])).join(","))].join("\n") + "\n";
}

export function rowObjects(set: ResultSet): Record<string, Cell>[] {
  return set.rowSet.map((row) => Object.fromEntries(set.headers.map((h, i) => [h, row[i] as Cell])));
}

export function playerBoxScoreRecords(set: ResultSet, season: string): Record<string, Cell>[] {
  return rowObjects(set).map((r) => ({ ...r, SEASON_LABEL: season }));
}

const GAME_TYPE_BY_PREFIX: Record<string, string> = {
  "001": "pre_season",
  "002": "regular_season",
  "004": "playoffs",
  "005": "play_in",
  "006": "nba_cup_final",
};

/** The home team a MATCHUP names: "HOM vs. AWY" → HOM, "AWY @ HOM" → HOM; undefined when unparseable. */
function homeNamedBy(matchup: unknown): string | undefined {
  const m = /^(\S+) (vs\.|@) (\S+)$/.exec(String(matchup ?? "").trim());
  if (!m) return undefined;
  return m[2] === "vs." ? m[1] : m[3];
}

/**
 * One row per game. `game_type` from the game id prefix (002 regular season, 004 playoffs, 005 play-in, 006 NBA
 * Cup final; the log cannot tell Cup semi-finals, which carry 002 ids); `neutral_site` is not in the log and is
 * written False. Home is the team the MATCHUP names as home; on neutral sites NBA.com gives both rows the same
 * MATCHUP, which still names one home team, so those games load too. A game whose two rows cannot be told apart
 * (one row, three rows, or matchups naming different home teams) is still emitted, with the side it could not fill
 * left empty, so the loader rejects and quarantines it naming the field: no game vanishes.
 */
export function teamGameLogRecords(set: ResultSet, season: string, columns: readonly string[]): Record<string, Cell>[] {
  const byGame = new Map<string, Record<string, Cell>[]>();
  for (const r of rowObjects(set)) {
    const id = String(r.GAME_ID);
    byGame.set(id, [...(byGame.get(id) ?? []), r]);
  }
  const out: Record<string, Cell>[] = [];
  for (const [gameId, rows] of byGame) {
    const homes = new Set(rows.map((r) => homeNamedBy(r.MATCHUP)));
    const homeAbbr = homes.size === 1 ? [...homes][0] : undefined;
    const onSide = (isHome: boolean) =>
      homeAbbr ? rows.filter((r) => (r.TEAM_ABBREVIATION === homeAbbr) === isHome) : [];
    const single = (side: Record<string, Cell>[]) => (rows.length <= 2 && side.length === 1 ? side[0] : undefined);
    const home = single(onSide(true));
    const road = single(onSide(false));
    const first = rows[0]!;
    const row: Record<string, Cell> = {
      game_id: gameId,
      game_date: first.GAME_DATE,
      season,
      game_type: GAME_TYPE_BY_PREFIX[gameId.slice(0, 3)] ?? "regular_season",
      neutral_site: false,
    };
    for (const c of columns) {
      const m = /^(.*)_(home|road)$/.exec(c);
      if (!m) continue;
      const side = m[2] === "home" ? home : road;
      row[c] = side ? side[m[1]!.toUpperCase()] : null;
    }
    out.push(row);
  }
  return out;
}

const ZONES: Record<string, string> = {
  "Restricted Area": "restricted_area",
  "In The Paint (Non-RA)": "paint_non_ra",
  "Mid-Range": "mid_range",
  "Left Corner 3": "left_corner_3",
  "Right Corner 3": "right_corner_3",
  "Above the Break 3": "above_break_3",
  Backcourt: "backcourt",
};

/** Per (game, player) shot counts by zone; identity fields from the player's first shot of the game. */
export function shotZoneRecords(set: ResultSet, season: string): Record<string, Cell>[] {
  const groups = new Map<string, Record<string, Cell>>();
  for (const shot of rowObjects(set)) {
    const key = `${shot.GAME_ID}|${shot.PLAYER_ID}`;
    let g = groups.get(key);
    if (!g) {
      const d = String(shot.GAME_DATE);
      g = {
        season,
        game_id: String(shot.GAME_ID).padStart(10, "0"),
        game_date: /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}` : d,
        team_id: shot.TEAM_ID,
        team_name: shot.TEAM_NAME,
        player_id: shot.PLAYER_ID,
        player_name: shot.PLAYER_NAME,
        fga: 0,
        fgm: 0,
        fg3a: 0,
        fg3m: 0,
      };
      for (const z of Object.values(ZONES)) Object.assign(g, { [`${z}_fga`]: 0, [`${z}_fgm`]: 0 });
      groups.set(key, g);
    }
    const made = Number(shot.SHOT_MADE_FLAG) === 1 ? 1 : 0;
    const add = (field: string, n: number) => (g![field] = Number(g![field]) + n);
    add("fga", 1);
    add("fgm", made);
    if (shot.SHOT_TYPE === "3PT Field Goal") {
      add("fg3a", 1);
      add("fg3m", made);
    }
    const zone = ZONES[String(shot.SHOT_ZONE_BASIC)];
    if (zone) {
      add(`${zone}_fga`, 1);
      add(`${zone}_fgm`, made);
    }
  }
  return [...groups.values()];
}

// ---- The Odds API v4 event odds → odds_api_player_props / odds_api_game_lines records ----
//
// | odds_player_props[_historical] | odds_api_player_props → player_prop_lines  | one record per (bookmaker, market, player, line) |
// | odds_game_lines[_historical]   | odds_api_game_lines → odds_game_line_snapshots | one record per event × bookmaker × market × outcome |
//
// The structure (events, bookmakers, markets, outcomes arrays) must be there, else the whole payload is refused;
// the values are copied as they are, so a malformed value (non-numeric price, unknown team) is rejected by the raw
// kind's schema for that record only and quarantined naming the field, while the rest of the payload loads.

const looseOutcome = z.record(z.string(), z.unknown());
const looseMarket = z.looseObject({
  key: z.unknown(),
  last_update: z.unknown().optional(),
  outcomes: z.array(looseOutcome),
});
const looseBookmaker = z.looseObject({ key: z.unknown(), title: z.unknown(), markets: z.array(looseMarket) });
const looseEvent = z.looseObject({
  id: z.unknown(),
  commence_time: z.unknown(),
  home_team: z.unknown(),
  away_team: z.unknown(),
  bookmakers: z.array(looseBookmaker),
});
type LooseEvent = z.infer<typeof looseEvent>;
const historicalWrapper = z.looseObject({ timestamp: z.string(), data: z.unknown() });

export interface OddsSnapshot {
  /** The historical response's `timestamp`, else the fetch time of the current odds. */
  snapshotTime: string;
  events: LooseEvent[];
}

/** Unwraps a current (`event` or `[event]`) or historical (`{timestamp, data}`) event-odds payload. */
export function oddsSnapshot(json: unknown, historical: boolean, fetchedAt: string): OddsSnapshot {
  let data = json;
  let snapshotTime = fetchedAt;
  if (historical) {
    const wrapper = historicalWrapper.safeParse(json);
    if (!wrapper.success)
      throw new Error(`not an Odds API historical response ({timestamp, data}): ${wrapper.error.issues[0]?.message}`);
    data = wrapper.data.data;
    snapshotTime = wrapper.data.timestamp;
  }
  const events = z.union([z.array(looseEvent), looseEvent.transform((e) => [e])]).safeParse(data);
  if (!events.success)
    throw new Error(
      `not an Odds API event-odds payload (bookmakers[].markets[].outcomes[]): ${events.error.issues[0]?.message}`,
    );
  return { snapshotTime, events: events.data };
}

/** A JSON value as a CSV cell: scalars as they are, null/absent empty, anything else as JSON (rejected downstream). */
function scalar(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : JSON.stringify(v);
}

function eachMarket(
  snapshot: OddsSnapshot,
  visit: (
    base: Record<string, Cell>,
    market: LooseEvent["bookmakers"][number]["markets"][number],
    path: string,
  ) => void,
) {
  snapshot.events.forEach((event, e) => {
    event.bookmakers.forEach((book, b) => {
      book.markets.forEach((market, m) => {
        const base: Record<string, Cell> = {
          event_id: scalar(event.id),
          commence_time: scalar(event.commence_time),
          home_team: scalar(event.home_team),
          away_team: scalar(event.away_team),
          bookmaker_key: scalar(book.key),
          bookmaker: scalar(book.title),
          market: scalar(market.key),
          snapshot_time: snapshot.snapshotTime,
        };
        visit(base, market, `[${e}].bookmakers[${b}].markets[${m}]`);
      });
    });
  });
}

/**
 * Player props: the outcomes of a market grouped by (player = description, point). A group with exactly one Over
 * and one Under becomes one row with both prices (side empty); any other outcome is its own one-sided row
 * (side = the outcome name, so a non Over/Under outcome is rejected naming `side`).
 */
export function oddsPlayerPropRecords(snapshot: OddsSnapshot): Record<string, Cell>[] {
  const out: Record<string, Cell>[] = [];
  eachMarket(snapshot, (base, market, path) => {
    const groups = new Map<string, { index: number; outcome: Record<string, unknown> }[]>();
    market.outcomes.forEach((outcome, index) => {
      const key = JSON.stringify([outcome.description ?? null, outcome.point ?? null]);
      groups.set(key, [...(groups.get(key) ?? []), { index, outcome }]);
    });
    for (const group of groups.values()) {
      const over = group.filter((g) => g.outcome.name === "Over");
      const under = group.filter((g) => g.outcome.name === "Under");
      const paired = over.length === 1 && under.length === 1 && group.length === 2;
      const rows = paired ? [[over[0]!, under[0]!]] : group.map((g) => [g]);
      for (const parts of rows) {
        const first = parts[0]!.outcome;
        const priceOf = (name: string) => scalar(parts.find((p) => p.outcome.name === name)?.outcome.price);
        out.push({
          ...base,
          player_name: scalar(first.description),
          side: paired ? "" : scalar(first.name),
          line: scalar(first.point),
          over_price: priceOf("Over"),
          under_price: priceOf("Under"),
          payload_path: `${path}.outcomes[${parts.map((p) => p.index).join(",")}]`,
        });
      }
    }
  });
  return out;
}

/** Game lines: one record per outcome. */
export function oddsGameLineRecords(snapshot: OddsSnapshot): Record<string, Cell>[] {
  const out: Record<string, Cell>[] = [];
  eachMarket(snapshot, (base, market, path) => {
    market.outcomes.forEach((outcome, o) => {
      out.push({
        ...base,
        market_last_update: scalar(market.last_update),
        outcome_name: scalar(outcome.name),
        point: scalar(outcome.point),
        price: scalar(outcome.price),
        payload_path: `${path}.outcomes[${o}]`,
      });
    });
  });
  return out;
}
