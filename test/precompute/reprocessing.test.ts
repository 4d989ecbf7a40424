import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { compileWith, P4_WINDOW, phase4Warehouse, runOrThrow } from "./fixture.ts";

/**
 * Smart reprocessing and point-in-time on the real 2023-24 season (phase 4 over P4_WINDOW): one player's box score
 * changes, phase 3 and phase 4 run incrementally, and only that player's phase 4 rows are recomputed; then the games
 * of the last window date are removed and its features are rebuilt from scratch, unchanged.
 */

type Row = Record<string, unknown>;
const TABLES = [
  {
    table: "nba_precompute.team_defense_zone_analysis",
    name: "team_defense_zone_analysis",
    entity: "team_abbr",
    date: "analysis_date",
  },
  {
    table: "nba_precompute.player_shot_zone_analysis",
    name: "player_shot_zone_analysis",
    entity: "player_lookup",
    date: "analysis_date",
  },
  {
    table: "nba_precompute.player_daily_cache",
    name: "player_daily_cache",
    entity: "player_lookup",
    date: "cache_date",
  },
  {
    table: "nba_precompute.player_composite_factors",
    name: "player_composite_factors",
    entity: "player_lookup",
    date: "game_date",
  },
  { table: "nba_predictions.ml_feature_store", name: "ml_feature_store", entity: "player_lookup", date: "game_date" },
];
const CHANGED_ON = "2024-01-09";

let w: DuckDbWarehouse;
let dir: string;
beforeAll(async () => {
  ({ warehouse: w, dir } = await phase4Warehouse());
}, 600_000);
afterAll(async () => {
  await w?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function snapshot(): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  for (const t of TABLES) {
    const rows = await w.query<{ k: string; h: string }>(
      `SELECT ${t.entity} || '|' || CAST(${t.date} AS VARCHAR) AS k, source_hash || ':' || data_hash AS h FROM ${t.table}`,
    );
    out.set(t.name, new Map(rows.map((r) => [r.k, r.h])));
  }
  return out;
}

const diff = (a: Map<string, string>, b: Map<string, string>) =>
  [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();

describe("smart reprocessing: one player's box score changes", () => {
  it("recomputes only that player's rows, records the skips, and leaves every other row and hash unchanged", async () => {
    const [target] = await w.query<{ player_id: string; player_lookup: string; game_id: string }>(
      `SELECT b.player_id, d.player_lookup, b.game_id
       FROM nba_raw.player_box_scores AS b JOIN nba_analytics.player_dim AS d USING (player_id)
       WHERE b.game_date = DATE '${CHANGED_ON}' AND b.fga > 0
       ORDER BY b.minutes DESC, b.player_id LIMIT 1`,
    );
    const lookup = target!.player_lookup;
    const before = await snapshot();
    const mine = (t: string) => [...before.get(t)!.keys()].filter((k) => k.startsWith(`${lookup}|`));
    expect(mine("ml_feature_store").length).toBeGreaterThan(0);

    // two more minutes: a player-level fact (points would also move his team's box score, which reconciles with it)
    await w.execute(
      `UPDATE nba_raw.player_box_scores SET minutes = minutes + 2 WHERE game_id = $g AND player_id = $p`,
      {
        params: { g: target!.game_id, p: target!.player_id },
      },
    );
    await runOrThrow(w, await compileWith({ start_date: CHANGED_ON, end_date: P4_WINDOW.end_date }), {
      tags: ["phase3"],
    });
    const phase4 = await runOrThrow(w, await compileWith(P4_WINDOW), { tags: ["phase4"] });
    const after = await snapshot();

    for (const t of TABLES) {
      const changed = diff(before.get(t.name)!, after.get(t.name)!);
      if (t.name === "team_defense_zone_analysis") expect(changed, t.name).toEqual([]);
      else expect(changed, t.name).toEqual(mine(t.name));
      const merged = phase4.outcomes.find((o) => o.name === t.table)!;
      expect(merged.rowsAffected, t.name).toBe(changed.length);
    }
    // his minutes moved, so his cached averages (and their data_hash) moved too, not only source_hash
    const dataHashOf = (m: Map<string, string>, k: string) => m.get(k)?.split(":")[1];
    for (const k of mine("player_daily_cache")) {
      expect(dataHashOf(after.get("player_daily_cache")!, k), k).not.toBe(
        dataHashOf(before.get("player_daily_cache")!, k),
      );
    }

    const stats = await w.query<Row>(
      `SELECT processor_name, is_incremental, entities_considered, entities_recomputed, entities_skipped, entities_failed
       FROM nba_processing.reprocessing_stats QUALIFY row_number() OVER (PARTITION BY processor_name ORDER BY recorded_at DESC) = 1`,
    );
    expect(stats).toHaveLength(5);
    for (const s of stats) {
      const name = String(s.processor_name);
      const expectedRecomputed = name === "team_defense_zone_analysis" ? 0 : mine(name).length;
      expect(s.is_incremental, name).toBe(true);
      expect(Number(s.entities_recomputed), name).toBe(expectedRecomputed);
      expect(Number(s.entities_skipped), name).toBe(before.get(name)!.size - expectedRecomputed);
      expect(Number(s.entities_considered), name).toBe(
        Number(s.entities_recomputed) + Number(s.entities_skipped) + Number(s.entities_failed),
      );
    }
  }, 600_000);

  it("an unchanged rerun recomputes nothing", async () => {
    const before = await snapshot();
    const run = await runOrThrow(w, await compileWith(P4_WINDOW), { tags: ["phase4"] });
    for (const t of TABLES) expect(run.outcomes.find((o) => o.name === t.table)!.rowsAffected, t.name).toBe(0);
    const after = await snapshot();
    for (const t of TABLES) expect(diff(before.get(t.name)!, after.get(t.name)!), t.name).toEqual([]);
  }, 600_000);
});

describe("point-in-time: the games of D and later do not move D's features", () => {
  it("removing every game dated on or after D and rebuilding D from scratch gives the same rows", async () => {
    const D = P4_WINDOW.end_date;
    const before = await snapshot();
    for (const table of ["player_game_summary", "team_defense_game_summary", "team_offense_game_summary"]) {
      const removed = await w.execute(`DELETE FROM nba_analytics.${table} WHERE game_date >= DATE '${D}'`);
      expect(removed, table).toBeGreaterThan(0);
    }
    await runOrThrow(w, await compileWith({ start_date: D, end_date: D }), { tags: ["phase4"], fullRefresh: true });
    const after = await snapshot();
    for (const t of TABLES) {
      const onD = new Map([...before.get(t.name)!].filter(([k]) => k.endsWith(`|${D}`)));
      expect(onD.size, t.name).toBeGreaterThan(0);
      expect(after.get(t.name), t.name).toEqual(onD);
    }
  }, 600_000);
});
