import type { WarehouseSession } from "../engine/warehouse.ts";
import { PlayerResolver, type PlayerAlias, type RegisteredPlayer } from "./player-resolver.ts";
import { qualifiedRawTable } from "./raw-tables.ts";
import { TeamResolver, type TeamCrosswalkRow } from "./team-resolver.ts";

/** What parsers consult besides the record itself; read from the reference raw tables already loaded. */
export interface ReferenceContext {
  teams: TeamResolver;
  players: PlayerResolver;
}

export async function loadReferenceContext(session: WarehouseSession, datasetPrefix: string): Promise<ReferenceContext> {
  const table = (name: string) => qualifiedRawTable(datasetPrefix, name);
  // Sequential on purpose: a session may be one connection.
  const crosswalk = await session.query<TeamCrosswalkRow>(
    `SELECT team_id, tricode, nba_team_name, odds_api_team_name, game_lines_code FROM ${table("team_crosswalk")}`,
  );
  const aliases = await session.query<PlayerAlias>(`SELECT alias_lookup, nba_player_id FROM ${table("player_aliases")}`);
  const players = await session.query<RegisteredPlayer>(
    `SELECT DISTINCT player_id, player_name FROM ${table("player_box_scores")}`,
  );
  return { teams: new TeamResolver(crosswalk), players: new PlayerResolver(players, aliases) };
}
