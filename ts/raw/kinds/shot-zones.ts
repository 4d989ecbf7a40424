import { z } from "zod";
import { count, digits, isoDate, seasonLabel, text } from "../fields.ts";
import { definePayloadKind, folderPattern, type RawRow, type RawValue } from "../payload-kind.ts";
import { normalizePlayerName } from "../player-key.ts";

/** Per player-game shot counts by NBA basic zone (derived from NBA.com shot events): shot_zones/{season}.csv.gz. */
const COUNTS = [
  ...[
    "restricted_area",
    "paint_non_ra",
    "mid_range",
    "left_corner_3",
    "right_corner_3",
    "above_break_3",
    "backcourt",
  ].flatMap((zone) => [`${zone}_fga`, `${zone}_fgm`]),
  "fga",
  "fgm",
  "fg3a",
  "fg3m",
];

const record = z.object({
  season: seasonLabel(),
  game_id: digits(10),
  game_date: isoDate(),
  team_id: digits(),
  team_name: text(),
  player_id: digits(),
  player_name: text(),
  ...Object.fromEntries(COUNTS.map((c) => [c, count()])),
});

export const shotZones = definePayloadKind({
  name: "shot_zones",
  table: "shot_zone_splits",
  pathPattern: folderPattern("shot_zones"),
  schema: record,
  needs: ["teams"],
  loadOrder: 2,
  toRow(r, context) {
    const teamId = r.team_id as string;
    const teamAbbr = context.teams.byTeamId(teamId);
    if (!teamAbbr) context.reject("team_id", `unknown team id ${JSON.stringify(teamId)} (not in team_crosswalk)`);
    const row: RawRow = {
      season: r.season as string,
      game_id: r.game_id as string,
      game_date: r.game_date as string,
      team_id: teamId,
      team_abbr: teamAbbr ?? null,
      team_name: r.team_name as string,
      player_id: r.player_id as string,
      player_name: r.player_name as string,
      player_lookup: normalizePlayerName(r.player_name as string),
    };
    const values = r as Record<string, RawValue>;
    for (const c of COUNTS) row[c] = values[c]!;
    return row;
  },
});
