import { z } from "zod";
import { digits, isoDate, minutes, numberBetween, seasonLabel, text } from "../fields.ts";
import { definePayloadKind, folderPattern } from "../payload-kind.ts";
import { tricodeForIdAndCode } from "./team-fields.ts";

/** NBA counted possessions per game and side (box_score_advanced): team_possessions/{season}.csv.gz. */
/** Five players × 48 regulation minutes, plus up to ten 5-minute overtimes. */
const TEAM_MINUTES = { min: 240, max: 240 + 10 * 25 };
const MAX_POSSESSIONS = 200;
const record = z.object({
  game_id: digits(10),
  game_date: isoDate(),
  season: seasonLabel(),
  team_id_home: digits(),
  team_abbreviation_home: text(),
  minutes_home: minutes(TEAM_MINUTES.min, TEAM_MINUTES.max),
  possessions_home: numberBetween(0, MAX_POSSESSIONS),
  team_id_road: digits(),
  team_abbreviation_road: text(),
  minutes_road: minutes(TEAM_MINUTES.min, TEAM_MINUTES.max),
  possessions_road: numberBetween(0, MAX_POSSESSIONS),
});

export const teamPossessions = definePayloadKind({
  name: "team_possessions",
  table: "team_possessions",
  pathPattern: folderPattern("team_possessions"),
  schema: record,
  needs: ["teams"],
  loadOrder: 2,
  toRow(r, context) {
    return {
      game_id: r.game_id,
      game_date: r.game_date,
      season: r.season,
      team_id_home: r.team_id_home,
      team_abbr_home: tricodeForIdAndCode(
        context,
        { idField: "team_id_home", codeField: "team_abbreviation_home" },
        r.team_id_home,
        r.team_abbreviation_home,
      ),
      minutes_home: r.minutes_home,
      possessions_home: r.possessions_home,
      team_id_away: r.team_id_road,
      team_abbr_away: tricodeForIdAndCode(
        context,
        { idField: "team_id_road", codeField: "team_abbreviation_road" },
        r.team_id_road,
        r.team_abbreviation_road,
      ),
      minutes_away: r.minutes_road,
      possessions_away: r.possessions_road,
    };
  },
});
