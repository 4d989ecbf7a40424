import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { runGraph } from "../../ts/engine/local-runner.ts";
import { compileForTests, phase3Warehouse } from "./fixture.ts";

/** Smart reprocessing rests on this: data_hash moves exactly when a hashed input of that entity moves. */
const DATE = "2024-01-05";
let w: DuckDbWarehouse;
beforeAll(async () => {
  ({ warehouse: w } = await phase3Warehouse());
}, 240_000);
afterAll(async () => w?.close());

async function hashesOn(date: string): Promise<Map<string, string>> {
  const rows = await w.query<{ k: string; data_hash: string }>(
    `SELECT game_id || ':' || player_id AS k, data_hash FROM nba_analytics.player_game_summary WHERE game_date = CAST($d AS DATE)`,
    { params: { d: date } },
  );
  return new Map(rows.map((r) => [r.k, r.data_hash]));
}

async function rerunDate(date: string) {
  const graph = await compileForTests({ start_date: date, end_date: date });
  const summary = await runGraph(w, graph, { actions: ["player_game_summary"], historySchema: null });
  expect(summary.ok).toBe(true);
  return summary.outcomes.find((o) => o.name === "nba_analytics.player_game_summary")!.rowsAffected;
}

const changed = (a: Map<string, string>, b: Map<string, string>) =>
  [...a].filter(([k, h]) => b.get(k) !== h).map(([k]) => k);

describe("player_game_summary data_hash under incremental runs", () => {
  it("an unchanged rerun changes no row", async () => {
    const before = await hashesOn(DATE);
    expect(before.size).toBeGreaterThan(100);
    expect(await rerunDate(DATE)).toBe(0);
    expect(changed(before, await hashesOn(DATE))).toEqual([]);
  });

  it("a changed hashed field (assists) changes exactly that player-game's hash", async () => {
    const [target] = await w.query<{ game_id: string; player_id: string }>(
      `SELECT game_id, player_id FROM nba_raw.player_box_scores WHERE game_date = CAST($d AS DATE) AND minutes > 20 ORDER BY game_id, player_id LIMIT 1`,
      { params: { d: DATE } },
    );
    const before = await hashesOn(DATE);
    await w.execute(`UPDATE nba_raw.player_box_scores SET ast = ast + 1 WHERE game_id = $g AND player_id = $p`, {
      params: { g: target!.game_id, p: target!.player_id },
    });
    expect(await rerunDate(DATE)).toBe(1);
    expect(changed(before, await hashesOn(DATE))).toEqual([`${target!.game_id}:${target!.player_id}`]);
  });

  it("a changed field the model does not hash (the box score's matchup text) changes none", async () => {
    const before = await hashesOn(DATE);
    await w.execute(
      `UPDATE nba_raw.player_box_scores SET matchup = matchup || ' (edited)' WHERE game_date = CAST($d AS DATE)`,
      { params: { d: DATE } },
    );
    expect(await rerunDate(DATE)).toBe(0);
    expect(changed(before, await hashesOn(DATE))).toEqual([]);
  });
});
