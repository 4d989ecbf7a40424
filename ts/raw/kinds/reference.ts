import { z } from "zod";
import { count, digits, text } from "../fields.ts";
import { definePayloadKind } from "../payload-kind.ts";
import { normalizePlayerName } from "../player-key.ts";

/** reference/team_crosswalk.csv: the 30 teams and their spellings per source. */
export const teamCrosswalk = definePayloadKind({
  name: "team_crosswalk",
  table: "team_crosswalk",
  pathPattern: /(^|\/)reference\/team_crosswalk\.csv(\.gz)?$/,
  schema: z.object({
    team_id: digits(),
    tricode: text().pipe(z.string().regex(/^[A-Z]{3}$/, "expected a three-letter upper-case tricode")),
    nba_team_name: text(),
    odds_api_team_name: text(),
    game_lines_code: text(),
    game_lines_code_votes: text(),
  }),
  loadOrder: 0,
  toRow: (r) => ({ ...r }),
});

/** reference/prop_player_aliases.csv: prop spellings → NBA player id. */
export const playerAliases = definePayloadKind({
  name: "player_aliases",
  table: "player_aliases",
  pathPattern: /(^|\/)reference\/prop_player_aliases\.csv(\.gz)?$/,
  schema: z.object({
    prop_player_name: text(),
    nba_player_id: digits(),
    nba_player_name: text(),
    method: text(),
    prop_rows_confirmed: count(),
    prop_rows_total: count(),
  }),
  loadOrder: 0,
  toRow: (r) => ({
    alias_name: r.prop_player_name,
    alias_lookup: normalizePlayerName(r.prop_player_name),
    nba_player_id: r.nba_player_id,
    nba_player_name: r.nba_player_name,
    method: r.method,
    prop_rows_confirmed: r.prop_rows_confirmed,
    prop_rows_total: r.prop_rows_total,
  }),
});
