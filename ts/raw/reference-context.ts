import { PlayerResolver } from "./player-resolver.ts";
import type { RawStore } from "./raw-store.ts";
import { TeamResolver } from "./team-resolver.ts";

/** What parsers consult besides the record itself; read from the reference raw tables already loaded. */
export interface ReferenceContext {
  teams: TeamResolver;
  players: PlayerResolver;
}

export async function loadReferenceContext(store: RawStore): Promise<ReferenceContext> {
  const { crosswalk, aliases, players } = await store.referenceRows();
  return { teams: new TeamResolver(crosswalk), players: new PlayerResolver(players, aliases) };
}
