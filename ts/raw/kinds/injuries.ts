import { z } from "zod";
import { isoDate, optionalInteger, optionalText, seasonOfDate } from "../fields.ts";
import { definePayloadKind, folderPattern } from "../payload-kind.ts";
import { tricodeForName } from "./team-fields.ts";

/** ProSportsTransactions injured-list moves: injuries/{season}.csv.gz. */
const record = z.object({
  Date: isoDate(),
  Team: optionalText(),
  Player: optionalText(),
  Acquired: optionalText(),
  Relinquished: optionalText(),
  Notes: optionalText(),
  EstimatedDaysOut: optionalInteger(),
});

/** The site prefixes names with a bullet ("• Montrezl Harrell"); empty after removing it → NULL. */
const withoutBullet = (value: string | null) => {
  const cleaned = value?.replace(/^[•\s]+/, "").trim();
  return cleaned ? cleaned : null;
};

export const injuries = definePayloadKind({
  name: "injuries",
  table: "injury_moves",
  pathPattern: folderPattern("injuries"),
  schema: record,
  needs: ["teams", "players"],
  loadOrder: 2,
  toRow(r, context) {
    const player = withoutBullet(r.Player);
    // Injury moves name players who never logged NBA minutes, so an unmatched name is kept (player_match = unmatched).
    const resolution = player ? context.players.resolve(player) : null;
    const acquired = withoutBullet(r.Acquired);
    const relinquished = withoutBullet(r.Relinquished);
    return {
      season: seasonOfDate(r.Date),
      move_date: r.Date,
      team_nickname: r.Team,
      team_abbr: r.Team ? tricodeForName(context, "Team", r.Team) : null,
      player_name: player,
      player_lookup: resolution?.lookup ?? null,
      player_id: resolution?.playerId ?? null,
      player_match: resolution ? (resolution.match === "unknown" ? "unmatched" : resolution.match) : null,
      move_type: acquired ? "activated" : relinquished ? "placed" : null,
      acquired,
      relinquished,
      notes: r.Notes,
      estimated_days_out: r.EstimatedDaysOut,
    };
  },
});
