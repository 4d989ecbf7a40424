import { z } from "zod";
import { count, digits, isoDate, seasonLabel, text } from "../fields.ts";
import { definePayloadKind, folderPattern, type RawRow, type RawValue } from "../payload-kind.ts";
import { tricodeForIdAndCode } from "./team-fields.ts";

/** Points by quarter per game and side: linescores/{season}.csv.gz. */
const POINTS = ["pts_qtr1", "pts_qtr2", "pts_qtr3", "pts_qtr4", "pts_ot_total", "pts"];
const SOURCE_SIDES = [
  ["home", "home"],
  ["road", "away"],
] as const;

const sideColumns = (side: string) => ({
  [`team_id_${side}`]: digits(),
  [`team_abbreviation_${side}`]: text(),
  [`team_name_${side}`]: text(),
  ...Object.fromEntries(POINTS.map((p) => [`${p}_${side}`, count()])),
});

const record = z.object({
  game_id: digits(10),
  game_date: isoDate(),
  season: seasonLabel(),
  ...sideColumns("home"),
  ...sideColumns("road"),
});

export const linescores = definePayloadKind({
  name: "linescores",
  table: "line_scores",
  pathPattern: folderPattern("linescores"),
  schema: record,
  needs: ["teams"],
  loadOrder: 2,
  toRow(r, context) {
    const values = r as Record<string, RawValue>;
    const row: RawRow = { game_id: r.game_id, game_date: r.game_date, season: r.season };
    for (const [sourceSide, side] of SOURCE_SIDES) {
      const teamId = values[`team_id_${sourceSide}`] as string;
      const code = values[`team_abbreviation_${sourceSide}`] as string;
      row[`team_id_${side}`] = teamId;
      row[`team_abbr_${side}`] = tricodeForIdAndCode(
        context,
        { idField: `team_id_${sourceSide}`, codeField: `team_abbreviation_${sourceSide}` },
        teamId,
        code,
      );
      row[`team_nickname_${side}`] = values[`team_name_${sourceSide}`]!;
      for (const p of POINTS) row[`${p}_${side}`] = values[`${p}_${sourceSide}`]!;
    }
    return row;
  },
});
