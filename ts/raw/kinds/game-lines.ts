import { z } from "zod";
import { bool, count, integer, numberBetween, optionalInteger, optionalNumber, text, usShortDate } from "../fields.ts";
import { definePayloadKind, folderPattern, type RawRow, type RawValue, type RowContext } from "../payload-kind.ts";

/** One betting line per game with the result (Kaggle-style NBA betting file): game_lines/{season}.csv.gz. */
const QUARTERS = ["q1", "q2", "q3", "q4", "ot"];

const record = z.object({
  season: integer(),
  date: usShortDate(),
  regular: bool(),
  playoffs: bool(),
  away: text(),
  home: text(),
  score_away: count(),
  score_home: count(),
  ...Object.fromEntries(QUARTERS.map((q) => [`${q}_away`, count()])),
  ...Object.fromEntries(QUARTERS.map((q) => [`${q}_home`, count()])),
  whos_favored: z.enum(["home", "away"]),
  spread: optionalNumber(),
  total: numberBetween(0, 400),
  moneyline_away: optionalInteger(),
  moneyline_home: optionalInteger(),
  h2_spread: optionalNumber(),
  h2_total: optionalNumber(),
  id_spread: optionalInteger(),
  id_total: integer(),
});

function siteCode(context: RowContext, field: string, code: string): string | null {
  const tricode = context.teams.byGameLinesCode(code);
  if (!tricode) context.reject(field, `unknown team ${JSON.stringify(code)} (not a game_lines_code in team_crosswalk)`);
  return tricode ?? null;
}

export const gameLines = definePayloadKind({
  name: "game_lines",
  table: "game_lines",
  pathPattern: folderPattern("game_lines"),
  schema: record,
  needs: ["teams"],
  loadOrder: 2,
  toRow(r, context) {
    const endYear = r.season as number;
    const row: RawRow = {
      season: `${endYear - 1}-${String(endYear % 100).padStart(2, "0")}`,
      game_date: r.date as string,
      is_regular_season: r.regular as boolean,
      is_playoffs: r.playoffs as boolean,
      site_code_home: r.home as string,
      site_code_away: r.away as string,
      team_abbr_home: siteCode(context, "home", r.home as string),
      team_abbr_away: siteCode(context, "away", r.away as string),
      score_home: r.score_home as number,
      score_away: r.score_away as number,
    };
    const values = r as Record<string, RawValue>;
    for (const side of ["home", "away"]) for (const q of QUARTERS) row[`${q}_${side}`] = values[`${q}_${side}`]!;
    Object.assign(row, {
      whos_favored: r.whos_favored,
      spread: r.spread,
      total: r.total,
      moneyline_home: r.moneyline_home,
      moneyline_away: r.moneyline_away,
      h2_spread: r.h2_spread,
      h2_total: r.h2_total,
      id_spread: r.id_spread,
      id_total: r.id_total,
    });
    return row;
  },
});
