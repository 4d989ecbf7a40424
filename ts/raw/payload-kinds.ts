import path from "node:path";
import { dfsProps } from "./kinds/dfs-props.ts";
import { gameLines } from "./kinds/game-lines.ts";
import { injuries } from "./kinds/injuries.ts";
import { linescores } from "./kinds/linescores.ts";
import { oddsApiGameLines } from "./kinds/odds-api-game-lines.ts";
import { oddsApiPlayerProps } from "./kinds/odds-api-player-props.ts";
import { playerBoxScores } from "./kinds/player-box-scores.ts";
import { praProps } from "./kinds/pra-props.ts";
import { playerAliases, teamCrosswalk } from "./kinds/reference.ts";
import { shotZones } from "./kinds/shot-zones.ts";
import { teamGameLogs } from "./kinds/team-game-logs.ts";
import { teamPossessions } from "./kinds/team-possessions.ts";
import type { PayloadKind } from "./payload-kind.ts";

/** Every payload kind the raw layer loads, in load order. */
export const PAYLOAD_KINDS: readonly PayloadKind[] = [
  teamCrosswalk,
  playerAliases,
  playerBoxScores,
  teamGameLogs,
  teamPossessions,
  linescores,
  gameLines,
  shotZones,
  injuries,
  praProps,
  dfsProps,
  oddsApiGameLines,
  oddsApiPlayerProps,
].sort((a, b) => a.loadOrder - b.loadOrder);

export function payloadKind(name: string): PayloadKind {
  const kind = PAYLOAD_KINDS.find((k) => k.name === name);
  if (!kind) throw new Error(`unknown payload kind "${name}" (known: ${PAYLOAD_KINDS.map((k) => k.name).join(", ")})`);
  return kind;
}

/** The kind whose folder/file pattern the path matches, or undefined. */
export function detectPayloadKind(filePath: string): PayloadKind | undefined {
  const posix = filePath.split(path.sep).join("/");
  return PAYLOAD_KINDS.find((k) => k.pathPattern.test(posix));
}
