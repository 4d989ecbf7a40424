import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { DATA_DIR, phase3Warehouse, SEASON } from "./fixture.ts";
import { readGzipCsv } from "./source-files.ts";

let w: DuckDbWarehouse;
beforeAll(async () => {
  ({ warehouse: w } = await phase3Warehouse());
}, 180_000);
afterAll(async () => w?.close());

describe("game_dim", () => {
  it("has one row per game of the source file, with home/away, result and key taken from it", async () => {
    const source = readGzipCsv(`${DATA_DIR}/team_game_logs/${SEASON}.csv.gz`);
    const rows = await w.query<{ n: number }>(`SELECT count(*) AS n FROM nba_analytics.game_dim`);
    expect(rows[0]!.n).toBe(source.length);
    const sample = source[100]!;
    const gameId = Object.entries(sample).find(([k]) => /game_?id/i.test(k))![1];
    const [game] = await w.query<Record<string, unknown>>(`SELECT * FROM nba_analytics.game_dim WHERE game_id = $id`, {
      params: { id: gameId },
    });
    expect(game).toBeDefined();
    expect(String(game!.game_key)).toMatch(/^\d{8}_[A-Z]{3}_[A-Z]{3}$/);
    expect(game!.is_final).toBe(true);
    expect(game!.winning_team_abbr).toBe(
      Number(game!.home_points) > Number(game!.away_points) ? game!.home_team_abbr : game!.away_team_abbr,
    );
  });
});

describe("player_dim", () => {
  it("has exactly one row per player with a box score, keyed by NBA id", async () => {
    const [dim] = await w.query<{ n: number }>(`SELECT count(*) AS n FROM nba_analytics.player_dim`);
    const [raw] = await w.query<{ n: number }>(`SELECT count(DISTINCT player_id) AS n FROM nba_raw.player_box_scores`);
    expect(dim!.n).toBe(raw!.n);
  });
});
