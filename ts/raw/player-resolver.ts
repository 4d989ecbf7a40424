import { normalizePlayerName } from "./player-key.ts";

export interface RegisteredPlayer {
  player_id: string;
  player_name: string;
}

export interface PlayerAlias {
  alias_lookup: string;
  nba_player_id: string;
}

/**
 * alias: found in nba_raw.player_aliases; name: exactly one NBA player has this normalised name;
 * ambiguous: several NBA players share the normalised name; abbreviated: an initial + surname that fits one or more
 * NBA players (left to game-context resolution downstream); unknown: none of these.
 */
export type PlayerMatch = "alias" | "name" | "ambiguous" | "abbreviated" | "unknown";

export interface PlayerResolution {
  lookup: string;
  playerId: string | null;
  match: PlayerMatch;
}

/**
 * Resolves a source's player spelling to an NBA person id: the one normalisation rule (player-key.ts), then the
 * alias table, then the registry of NBA players (every player_id/player_name in nba_raw.player_box_scores).
 */
export class PlayerResolver {
  private readonly aliases: Map<string, string>;
  private readonly byLookup = new Map<string, Set<string>>();
  private readonly byInitialAndRest = new Map<string, Set<string>>();

  constructor(players: readonly RegisteredPlayer[], aliases: readonly PlayerAlias[]) {
    const aliasIds = new Map<string, Set<string>>();
    for (const a of aliases) addTo(aliasIds, a.alias_lookup, a.nba_player_id);
    // Two alias rows may share a lookup ("Gregory Jackson", "Gregory Jackson II"); only an unambiguous one is used.
    this.aliases = new Map(
      [...aliasIds].filter(([, ids]) => ids.size === 1).map(([lookup, ids]) => [lookup, [...ids][0]!]),
    );
    for (const p of players) {
      const lookup = normalizePlayerName(p.player_name);
      addTo(this.byLookup, lookup, p.player_id);
      const [first, ...rest] = lookup.split(" ");
      if (first && rest.length > 0) addTo(this.byInitialAndRest, `${first[0]} ${rest.join(" ")}`, p.player_id);
    }
  }

  get registrySize(): number {
    return this.byLookup.size;
  }

  resolve(name: string): PlayerResolution {
    const lookup = normalizePlayerName(name);
    const alias = this.aliases.get(lookup);
    if (alias) return { lookup, playerId: alias, match: "alias" };
    const ids = this.byLookup.get(lookup);
    if (ids?.size === 1) return { lookup, playerId: [...ids][0]!, match: "name" };
    if (ids && ids.size > 1) return { lookup, playerId: null, match: "ambiguous" };
    const [first, ...rest] = lookup.split(" ");
    if (first?.length === 1 && rest.length > 0 && this.byInitialAndRest.has(`${first} ${rest.join(" ")}`)) {
      return { lookup, playerId: null, match: "abbreviated" };
    }
    return { lookup, playerId: null, match: "unknown" };
  }
}

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key) ?? new Set<string>();
  set.add(id);
  index.set(key, set);
}
