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

/**
 * One row per game with both team rows present. `game_type` from the game id prefix (002 regular season, 004
 * playoffs, 005 play-in, 006 NBA Cup final; the log cannot tell Cup semi-finals, which carry 002 ids);
 * `neutral_site` is not in the log and is written False.
 */
export function teamGameLogRecords(set: ResultSet, season: string, columns: readonly string[]): Record<string, Cell>[] {
  const byGame = new Map<string, { home?: Record<string, Cell>; road?: Record<string, Cell> }>();
  for (const r of rowObjects(set)) {
    const id = String(r.GAME_ID);
    const entry = byGame.get(id) ?? {};
    if (String(r.MATCHUP).includes(" vs. ")) entry.home = r;
    else if (String(r.MATCHUP).includes(" @ ")) entry.road = r;
    byGame.set(id, entry);
  }
  const out: Record<string, Cell>[] = [];
  for (const [gameId, { home, road }] of byGame) {
    if (!home || !road) continue;
    const row: Record<string, Cell> = {
      game_id: gameId,
      game_date: home.GAME_DATE,
      season,
      game_type: GAME_TYPE_BY_PREFIX[gameId.slice(0, 3)] ?? "regular_season",
      neutral_site: false,
    };
    for (const c of columns) {
      const m = /^(.*)_(home|road)$/.exec(c);
      if (!m) continue;
      const side = m[2] === "home" ? home : road;
      row[c] = side[m[1]!.toUpperCase()];
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
