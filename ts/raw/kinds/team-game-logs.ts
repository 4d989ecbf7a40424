import { z } from "zod";
import { bool, count, digits, integer, isoDate, optionalFraction, seasonLabel, text } from "../fields.ts";
import { definePayloadKind, folderPattern, type RawRow, type RawValue } from "../payload-kind.ts";
import { tricodeForIdAndCode } from "./team-fields.ts";

/** One row per game, home/road layout (millxing/NBA_Data team_game_logs): team_game_logs/{season}.csv.gz. */
const PCT_STATS = new Set(["fg_pct", "fg3_pct", "ft_pct"]);
const STATS = [
  "fgm",
  "fga",
  "fg_pct",
  "fg3m",
  "fg3a",
  "fg3_pct",
  "ftm",
  "fta",
  "ft_pct",
  "oreb",
  "dreb",
  "reb",
  "ast",
  "stl",
  "blk",
  "tov",
  "pf",
  "plus_minus",
];
const SOURCE_SIDES = [
  ["home", "home"],
  ["road", "away"],
] as const;

/** Source values of 2021-22 differ from later seasons; one vocabulary in nba_raw. */
const GAME_TYPES: Record<string, string> = {
  regular_season: "regular_season",
  play_in: "play_in",
  playin: "play_in",
  playoffs: "playoffs",
  playoff: "playoffs",
  nba_cup_semi: "nba_cup_semi",
  nba_cup_final: "nba_cup_final",
};

const record = z.object({
  game_id: digits(10),
  game_date: isoDate(),
  season: seasonLabel(),
  game_type: text(),
  neutral_site: bool(),
  team_id_home: digits(),
  team_abbreviation_home: text(),
  team_name_home: text(),
  team_id_road: digits(),
  team_abbreviation_road: text(),
  team_name_road: text(),
  pts_home: count(),
  pts_road: count(),
  wl_home: z.enum(["W", "L"]),
  ...Object.fromEntries(
    SOURCE_SIDES.flatMap(([side]) =>
      STATS.map((s) => [
        `${s}_${side}`,
        PCT_STATS.has(s) ? optionalFraction() : s === "plus_minus" ? integer() : count(),
      ]),
    ),
  ),
});

export const teamGameLogs = definePayloadKind({
  name: "team_game_logs",
  table: "team_game_results",
  pathPattern: folderPattern("team_game_logs"),
  schema: record,
  needs: ["teams"],
  loadOrder: 2,
  toRow(r, context) {
    const gameType = GAME_TYPES[r.game_type];
    if (!gameType)
      context.reject(
        "game_type",
        `unknown game type ${JSON.stringify(r.game_type)} (known: ${Object.keys(GAME_TYPES).join(", ")})`,
      );
    const row: RawRow = {
      game_id: r.game_id,
      game_date: r.game_date,
      season: r.season,
      game_type: gameType ?? null,
      neutral_site: r.neutral_site,
    };
    for (const [sourceSide, side] of SOURCE_SIDES) {
      row[`team_id_${side}`] = r[`team_id_${sourceSide}`];
      row[`team_abbr_${side}`] = tricodeForIdAndCode(
        context,
        { idField: `team_id_${sourceSide}`, codeField: `team_abbreviation_${sourceSide}` },
        r[`team_id_${sourceSide}`],
        r[`team_abbreviation_${sourceSide}`],
      );
    }
    row.team_name_home = r.team_name_home;
    row.team_name_away = r.team_name_road;
    row.pts_home = r.pts_home;
    row.pts_away = r.pts_road;
    row.wl_home = r.wl_home;
    const values = r as Record<string, RawValue>;
    for (const [sourceSide, side] of SOURCE_SIDES)
      for (const s of STATS) row[`${s}_${side}`] = values[`${s}_${sourceSide}`]!;
    return row;
  },
});
