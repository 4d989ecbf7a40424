import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { DATA_DIR, PROJECT_DIR } from "../support/data-dir.ts";

// The README's main command (`npm start` = build, then `nba-props pipeline`) on the shipped data, with its state
// (warehouse, archive, quarantine) in a temp directory. Expected counts come from the data files themselves.
const BIN = path.join(PROJECT_DIR, "bin/nba-props.js");
/** Every table the main job must leave filled, phase by phase. */
const BUILT_TABLES = [
  "nba_analytics.game_dim",
  "nba_analytics.player_dim",
  "nba_analytics.player_game_summary",
  "nba_analytics.team_offense_game_summary",
  "nba_analytics.team_defense_game_summary",
  "nba_analytics.upcoming_player_game_context",
  "nba_analytics.upcoming_team_game_context",
];

function csvRows(relative: string): Record<string, string>[] {
  return parse(zlib.gunzipSync(fs.readFileSync(path.join(DATA_DIR, relative))), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
}

function seasonRows(dir: string): Record<string, string>[] {
  return fs
    .readdirSync(path.join(DATA_DIR, dir))
    .filter((f) => f.endsWith(".csv.gz"))
    .flatMap((f) => csvRows(path.join(dir, f)));
}

function pipeline(home: string) {
  const run = spawnSync(process.execPath, [BIN, "pipeline", "--project", PROJECT_DIR], {
    env: { ...process.env, NBA_PROPS_HOME: home, NBA_PROPS_LOG_LEVEL: "warn" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe("the main job (nba-props pipeline) on the shipped data", () => {
  let home: string;
  let first: ReturnType<typeof pipeline>;
  let warehouse: DuckDbWarehouse;

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), "nbap-main-job-"));
    first = pipeline(home);
    warehouse = await DuckDbWarehouse.open(path.join(home, "warehouse.duckdb"));
  }, 30 * 60_000);

  afterAll(async () => {
    await warehouse?.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it("exits 0 and says it finished", () => {
    expect(first.err).not.toMatch(/FAILED/);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/pipeline finished/);
  });

  it("loads every shipped box-score and team-game row", async () => {
    const boxRows = seasonRows("player_box_scores");
    const teamGameRows = seasonRows("team_game_logs");
    const games = new Set(teamGameRows.map((r) => r.game_id));
    const [box] = await warehouse.query(`SELECT COUNT(*)::INTEGER AS n FROM nba_raw.player_box_scores`);
    const [results] = await warehouse.query(`SELECT COUNT(DISTINCT game_id)::INTEGER AS n FROM nba_raw.team_game_results`);
    expect(box!.n).toBe(boxRows.length);
    expect(results!.n).toBe(games.size);
  });

  it("builds every model, and every game of the box scores has its player rows", async () => {
    for (const table of BUILT_TABLES) {
      const [row] = await warehouse.query(`SELECT COUNT(*)::INTEGER AS n FROM ${table}`);
      expect(row!.n, table).toBeGreaterThan(0);
    }
    const boxGames = new Set(seasonRows("player_box_scores").map((r) => r.GAME_ID));
    const [summaryGames] = await warehouse.query(`SELECT COUNT(DISTINCT game_id)::INTEGER AS n FROM nba_analytics.player_game_summary`);
    expect(summaryGames!.n).toBe(boxGames.size);
  });

  it("passes every assertion it ran, and logs each one", async () => {
    const rows = await warehouse.query(`SELECT status, COUNT(*)::INTEGER AS n FROM nba_processing.assertion_log GROUP BY status`);
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    expect(byStatus.passed).toBeGreaterThan(0);
    expect(byStatus.failed ?? 0).toBe(0);
    expect(byStatus.error ?? 0).toBe(0);
  });

  it("a second run changes no model row", async () => {
    const before = await warehouse.query(`SELECT COUNT(*)::INTEGER AS n, MAX(data_hash) AS h FROM nba_analytics.player_game_summary`);
    await warehouse.close();
    const second = pipeline(home);
    warehouse = await DuckDbWarehouse.open(path.join(home, "warehouse.duckdb"));
    expect(second.code).toBe(0);
    expect(await warehouse.query(`SELECT COUNT(*)::INTEGER AS n, MAX(data_hash) AS h FROM nba_analytics.player_game_summary`)).toEqual(before);
  }, 30 * 60_000);
});
