import type { Warehouse } from "../../ts/engine/warehouse.ts";

/**
 * A fingerprint of a phase 3 table: its row count and the SHA-256 of every row's key and data_hash, sorted. Since
 * data_hash covers every value of a row, two tables with the same fingerprint hold the same values row by row.
 */
export const PHASE3_KEYS: Record<string, string[]> = {
  player_game_summary: ["game_id", "player_id"],
  team_offense_game_summary: ["game_id", "team_abbr"],
  team_defense_game_summary: ["game_id", "team_abbr"],
  upcoming_player_game_context: ["game_id", "player_id"],
  upcoming_team_game_context: ["game_id", "team_abbr"],
};

export interface Fingerprint {
  rows: number;
  sha256: string;
}

export async function phase3Fingerprints(w: Warehouse, schema = "nba_analytics"): Promise<Record<string, Fingerprint>> {
  const out: Record<string, Fingerprint> = {};
  for (const [table, key] of Object.entries(PHASE3_KEYS)) {
    const line = [...key, "data_hash"].join(" || '|' || ");
    const [r] = await w.query<{ rows: number | string; sha256: string }>(
      `SELECT count(*) AS rows, sha256(string_agg(${line}, chr(10) ORDER BY ${line})) AS sha256 FROM ${schema}.${table}`,
    );
    out[table] = { rows: Number(r!.rows), sha256: r!.sha256 };
  }
  return out;
}
