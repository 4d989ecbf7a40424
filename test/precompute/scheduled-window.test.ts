import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { phase3Warehouse } from "../analytics/fixture.ts";
import { compileWith, runOrThrow } from "./fixture.ts";

/**
 * Scheduled phase 4 passes no date vars (window=derived): each model derives its universe from its own table
 * (includes/dates.js: latest date minus the 3-day lookback). On the real season, the scheduled slate is cut to
 * FIRST..NEW_DATE; phase 4 is built without vars through the day before NEW_DATE; NEW_DATE's slate lands; a run
 * without vars considers only NEW_DATE and the lookback days, recomputes only NEW_DATE, and ends equal to a build
 * with explicit vars.
 */
const FIRST = "2024-01-08";
const NEW_DATE = "2024-01-16";
const LOOKBACK_DAYS = 3;
const TABLES = [
  { table: "nba_precompute.team_defense_zone_analysis", date: "analysis_date" },
  { table: "nba_precompute.player_shot_zone_analysis", date: "analysis_date" },
  { table: "nba_precompute.player_daily_cache", date: "cache_date" },
  { table: "nba_precompute.player_composite_factors", date: "game_date" },
  { table: "nba_predictions.ml_feature_store", date: "game_date" },
];
const SLATES = ["nba_analytics.upcoming_player_game_context", "nba_analytics.upcoming_team_game_context"];

let w: DuckDbWarehouse;
let dir = "";
const reference = new Map<string, unknown[]>();
const newRows = new Map<string, number>();
const merged = new Map<string, number>();
let previousDate = "";
let stats: { processor_name: string; start_date: string; end_date: string; recomputed: number; inc: boolean }[] = [];
let derived = new Map<string, unknown[]>();

const snapshot = async () => {
  const out = new Map<string, unknown[]>();
  for (const t of TABLES) out.set(t.table, await w.query(`SELECT * FROM ${t.table} ORDER BY ALL`));
  return out;
};
const PHASE4 = { tags: ["phase4"] };

beforeAll(async () => {
  const fixture = await phase3Warehouse();
  w = fixture.warehouse;
  dir = path.dirname(fixture.file);
  for (const slate of SLATES) {
    await w.execute(`DELETE FROM ${slate} WHERE game_date NOT BETWEEN CAST($a AS DATE) AND CAST($b AS DATE)`, {
      params: { a: FIRST, b: NEW_DATE },
    });
  }
  // the reference: phase 4 with explicit vars over the slate
  await runOrThrow(w, await compileWith({ start_date: FIRST, end_date: NEW_DATE }), { ...PHASE4, fullRefresh: true });
  for (const [table, rows] of await snapshot()) reference.set(table, rows);
  for (const t of TABLES) {
    const [r] = await w.query<{ n: number }>(
      `SELECT count(*) AS n FROM ${t.table} WHERE ${t.date} = CAST($d AS DATE)`,
      { params: { d: NEW_DATE } },
    );
    newRows.set(t.table, Number(r!.n));
  }
  // the day before: NEW_DATE's slate has not landed; phase 4 is built without vars
  await w.execute("CREATE SCHEMA held");
  for (const [i, slate] of SLATES.entries()) {
    await w.execute(`CREATE TABLE held.s${i} AS SELECT * FROM ${slate} WHERE game_date = CAST($d AS DATE)`, {
      params: { d: NEW_DATE },
    });
    await w.execute(`DELETE FROM ${slate} WHERE game_date = CAST($d AS DATE)`, { params: { d: NEW_DATE } });
  }
  const noVars = await compileWith({ window: "derived" });
  await runOrThrow(w, noVars, { ...PHASE4, fullRefresh: true });
  previousDate = String(
    (
      await w.query<{ d: string }>("SELECT CAST(max(game_date) AS VARCHAR) AS d FROM nba_predictions.ml_feature_store")
    )[0]!.d,
  );
  // NEW_DATE's slate lands; the scheduled run passes no vars
  for (const [i, slate] of SLATES.entries()) await w.execute(`INSERT INTO ${slate} SELECT * FROM held.s${i}`);
  const run = await runOrThrow(w, noVars, PHASE4);
  for (const t of TABLES) merged.set(t.table, run.outcomes.find((o) => o.name === t.table)!.rowsAffected ?? -1);
  stats = await w.query(
    `SELECT processor_name, CAST(start_date AS VARCHAR) AS start_date, CAST(end_date AS VARCHAR) AS end_date,
            entities_recomputed AS recomputed, is_incremental AS inc
     FROM nba_processing.reprocessing_stats QUALIFY row_number() OVER (PARTITION BY processor_name ORDER BY recorded_at DESC) = 1
     ORDER BY processor_name`,
  );
  derived = await snapshot();
}, 900_000);
afterAll(async () => {
  await w?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("scheduled phase 4 without date vars", () => {
  it("phase 4 had seen the slate up to the previous game day only", () => {
    expect(previousDate < NEW_DATE).toBe(true);
    expect(previousDate >= "2024-01-14").toBe(true);
  });

  it("the incremental run considers the new date and the lookback days only, and recomputes only the new date", () => {
    const lookbackStart = new Date(Date.parse(`${previousDate}T00:00:00Z`) - LOOKBACK_DAYS * 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect(stats).toHaveLength(TABLES.length);
    for (const s of stats) {
      expect(s.inc, s.processor_name).toBe(true);
      expect(s.start_date >= lookbackStart, `${s.processor_name} starts ${s.start_date}`).toBe(true);
      expect(s.end_date, s.processor_name).toBe(NEW_DATE);
    }
    for (const t of TABLES) {
      expect(newRows.get(t.table), t.table).toBeGreaterThan(0);
      expect(merged.get(t.table), t.table).toBe(newRows.get(t.table));
      const name = t.table.split(".")[1];
      expect(stats.find((s) => s.processor_name === name)!.recomputed, t.table).toBe(newRows.get(t.table));
    }
  });

  it("every table ends identical to the build with explicit vars", () => {
    for (const t of TABLES) expect(derived.get(t.table), t.table).toEqual(reference.get(t.table));
  });
});
