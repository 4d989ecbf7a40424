import type { RowContext } from "../payload-kind.ts";

/**
 * Resolves a prop feed's player spelling (player-key rule, then aliases, then the box-score registry). A spelling
 * that matches no NBA player at all is rejected; an initial + surname ("J. Green") or a name two players share is
 * kept with a NULL player_id for game-context resolution downstream.
 */
export function resolvePropPlayer(context: RowContext, field: string, name: string) {
  const resolution = context.players.resolve(name);
  if (resolution.match === "unknown") {
    context.reject(
      field,
      `unknown player spelling ${JSON.stringify(name)} (normalised ${JSON.stringify(resolution.lookup)}): ` +
        `no NBA player in player_box_scores has this name and player_aliases has no entry for it`,
    );
  }
  return { player_lookup: resolution.lookup, player_id: resolution.playerId, player_match: resolution.match };
}
