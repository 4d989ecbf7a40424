import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { DATA_DIR, PROJECT_DIR } from "../support/data-dir.ts";

// The README's main command (`nba-props pipeline`, what `npm start` runs) end to end, in a temp NBA_PROPS_HOME, on a
// small data directory made here from the shipped files (one season, NBA_PROPS_DATA_DIR) and a restricted window
// (--vars start_date/end_date), so the whole chain (raw load, phases 3 and 4, walk-forward predictions with their
// monthly XGBoost models, grading, report) runs in minutes instead of the full job's four seasons. Features become
// production-ready about four weeks into the window (late November), so it ends in December: then the December
// cut-off has rows to train the XGBoost models on, and all five systems predict.
// Expected counts and values come from the data files.
const BIN = path.join(PROJECT_DIR, "bin/nba-props.js");
const SEASON = "2023-24";
const WINDOW = { start: "2023-10-24", end: "2023-12-10" };
/** Tables that record that a run happened (they grow on every run); every other table is data. */
const BOOKKEEPING = /^nba_orchestration\.|^nba_processing\.(flows|processor_runs|step_state)$/;

type Row = Record<string, string>;

function csvRows(file: string): Row[] {
  const bytes = fs.readFileSync(file);
  return parse(file.endsWith(".gz") ? zlib.gunzipSync(bytes) : bytes, {
    columns: true,
    skip_empty_lines: true,
  }) as Row[];
}

const inWindow = (date: string) => date >= WINDOW.start && date <= WINDOW.end;
const num = (v: string | undefined) => (v === undefined || v === "" ? 0 : Number(v));

/** docs/data-model/player_game_summary.md: a box-score row is a played game when minutes > 0 or any stat is non-zero. */
function played(r: Row): boolean {
  return (
    num(r.MIN) > 0 ||
    ["PTS", "FGA", "FTA", "OREB", "DREB", "REB", "AST", "STL", "BLK", "TOV", "PF", "PLUS_MINUS"].some(
      (k) => num(r[k]) !== 0,
    )
  );
}

/** The shipped files of one season plus the reference files, copied into a data directory of their own. */
function seasonDataDir(root: string): string {
  const dir = path.join(root, "data");
  const wanted = (relative: string) =>
    relative.startsWith("reference/") || path.basename(relative) === `${SEASON}.csv.gz`;
  for (const relative of fs.readdirSync(DATA_DIR, { recursive: true }) as string[]) {
    if (!wanted(relative) || !fs.statSync(path.join(DATA_DIR, relative)).isFile()) continue;
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.copyFileSync(path.join(DATA_DIR, relative), path.join(dir, relative));
  }
  return dir;
}

function pipeline(home: string, dataDir: string) {
  const args = [
    "pipeline",
    "--project",
    PROJECT_DIR,
    "--vars",
    `start_date=${WINDOW.start},end_date=${WINDOW.end}`,
    "--json",
  ];
  const run = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, NBA_PROPS_HOME: home, NBA_PROPS_DATA_DIR: dataDir, NBA_PROPS_LOG_LEVEL: "warn" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    code: run.status,
    result: JSON.parse(run.stdout) as {
      ok: boolean;
      flow: { status: string };
      load: { ok: boolean } | null;
      report: string | null;
    },
    err: run.stderr,
  };
}

/** Every base table with its row count and an order-independent content hash. */
async function fingerprints(file: string): Promise<Map<string, string>> {
  const w = await DuckDbWarehouse.open(file);
  try {
    const tables = await w.query<{ s: string; t: string }>(
      `SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_type = 'BASE TABLE'`,
    );
    const result = new Map<string, string>();
    for (const { s, t } of tables) {
      const [r] = await w.query<{ n: number; h: string }>(
        `SELECT COUNT(*)::INTEGER AS n, COALESCE(bit_xor(hash(x)), 0)::VARCHAR AS h FROM "${s}"."${t}" AS x`,
      );
      result.set(`${s}.${t}`, `${r!.n} rows, hash ${r!.h}`);
    }
    return result;
  } finally {
    await w.close();
  }
}

describe("the main job (nba-props pipeline) on one shipped season, restricted window", () => {
  let root: string;
  let dataDir: string;
  let first: ReturnType<typeof pipeline>;
  let warehouse: DuckDbWarehouse;
  const count = async (sql: string) => Number((await warehouse.query<{ n: number }>(sql))[0]!.n);

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "nbap-main-job-"));
    dataDir = seasonDataDir(root);
    first = pipeline(path.join(root, "home"), dataDir);
    warehouse = await DuckDbWarehouse.open(path.join(root, "home/warehouse.duckdb"));
  }, 20 * 60_000);

  afterAll(async () => {
    await warehouse?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("exits 0 with a finished flow, a clean load and the report written", () => {
    expect(first.code, first.err).toBe(0);
    expect(first.result.ok).toBe(true);
    expect(first.result.flow.status).toBe("finished");
    expect(first.result.load?.ok).toBe(true);
    expect(fs.existsSync(first.result.report!)).toBe(true);
  });

  it("loads every row of every file (the raw layer is not windowed)", async () => {
    const files: [string, string][] = [
      ["nba_raw.player_box_scores", `player_box_scores/${SEASON}.csv.gz`],
      ["nba_raw.team_game_results", `team_game_logs/${SEASON}.csv.gz`],
      ["nba_raw.team_possessions", `team_possessions/${SEASON}.csv.gz`],
      ["nba_raw.line_scores", `linescores/${SEASON}.csv.gz`],
      ["nba_raw.game_lines", `game_lines/${SEASON}.csv.gz`],
      ["nba_raw.shot_zone_splits", `shot_zones/${SEASON}.csv.gz`],
      ["nba_raw.player_prop_lines", `props/pra_oddsapi/${SEASON}.csv.gz`],
      ["nba_raw.team_crosswalk", "reference/team_crosswalk.csv"],
    ];
    for (const [table, file] of files) {
      expect(await count(`SELECT COUNT(*)::INTEGER AS n FROM ${table}`), table).toBe(
        csvRows(path.join(dataDir, file)).length,
      );
    }
  });

  it("builds phase 3 for exactly the window: one row per played player-game, two team rows per game", async () => {
    const box = csvRows(path.join(dataDir, `player_box_scores/${SEASON}.csv.gz`)).filter((r) => inWindow(r.GAME_DATE!));
    const games = csvRows(path.join(dataDir, `team_game_logs/${SEASON}.csv.gz`)).filter((r) => inWindow(r.game_date!));
    expect(await count(`SELECT COUNT(*)::INTEGER AS n FROM nba_analytics.player_game_summary`)).toBe(
      box.filter(played).length,
    );
    expect(await count(`SELECT COUNT(DISTINCT game_id)::INTEGER AS n FROM nba_analytics.player_game_summary`)).toBe(
      new Set(box.map((r) => r.GAME_ID)).size,
    );
    for (const table of ["team_offense_game_summary", "team_defense_game_summary", "upcoming_team_game_context"]) {
      expect(await count(`SELECT COUNT(*)::INTEGER AS n FROM nba_analytics.${table}`), table).toBe(2 * games.length);
    }
    expect(
      await count(
        `SELECT COUNT(*)::INTEGER AS n FROM nba_analytics.player_game_summary WHERE game_date NOT BETWEEN '${WINDOW.start}' AND '${WINDOW.end}'`,
      ),
    ).toBe(0);
  });

  it("fills phase 4 (the feature store has a row per upcoming player-game) and passes every assertion it ran", async () => {
    expect(await count(`SELECT COUNT(*)::INTEGER AS n FROM nba_predictions.ml_feature_store`)).toBeGreaterThan(0);
    expect(await count(`SELECT COUNT(*)::INTEGER AS n FROM nba_precompute.player_composite_factors`)).toBeGreaterThan(
      0,
    );
    const rows = await warehouse.query<{ status: string; n: number }>(
      `SELECT status, COUNT(*)::INTEGER AS n FROM nba_processing.assertion_log GROUP BY status`,
    );
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    expect(byStatus.passed).toBeGreaterThan(0);
    expect(byStatus.failed ?? 0).toBe(0);
    expect(byStatus.error ?? 0).toBe(0);
  });

  it("predicts every market with the five systems inside the window, and grades against the real box scores", async () => {
    const predictions = await warehouse.query<{ market: string; systems: number; first: string; last: string }>(
      `SELECT market, COUNT(DISTINCT system_id)::INTEGER AS systems, MIN(game_date)::VARCHAR AS first, MAX(game_date)::VARCHAR AS last
       FROM nba_predictions.player_prop_predictions GROUP BY market ORDER BY market`,
    );
    expect(predictions.map((p) => [p.market, p.systems])).toEqual([
      ["assists", 5],
      ["points", 5],
      ["pra", 5],
      ["rebounds", 5],
    ]);
    for (const p of predictions)
      expect(inWindow(p.first) && inWindow(p.last), `${p.market} ${p.first}..${p.last}`).toBe(true);
    const box = new Map(
      csvRows(path.join(dataDir, `player_box_scores/${SEASON}.csv.gz`)).map((r) => [`${r.GAME_ID}|${r.PLAYER_ID}`, r]),
    );
    const actual = (r: Row, market: string) =>
      market === "pra"
        ? num(r.PTS) + num(r.REB) + num(r.AST)
        : num(r[{ points: "PTS", rebounds: "REB", assists: "AST" }[market]!]);
    const graded = await warehouse.query<{ game_id: string; player_id: string; market: string; actual_value: number }>(
      `SELECT DISTINCT game_id, player_id, market, actual_value FROM nba_predictions.prediction_accuracy`,
    );
    expect(graded.length).toBeGreaterThan(0);
    const wrong = graded.filter((g) => {
      const r = box.get(`${g.game_id}|${g.player_id}`);
      return !r || actual(r, g.market) !== Number(g.actual_value);
    });
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it("trains one model per market on games strictly before its cut-off, and uses it only from the cut-off on", async () => {
    const home = path.join(root, "home");
    const artefacts = fs
      .readdirSync(path.join(home, "models"), { recursive: true })
      .filter((f) => String(f).endsWith(".json"));
    expect(artefacts.map(String).sort()).toEqual(
      ["assists", "points", "pra", "rebounds"].map((m) => path.join(m, "cutoff-2023-12-01.json")),
    );
    for (const file of artefacts) {
      const model = JSON.parse(fs.readFileSync(path.join(home, "models", String(file)), "utf8")) as {
        model_version: string;
        training_window: { last_game_date: string; cutoff: string; rows: number };
      };
      expect(model.training_window.rows).toBeGreaterThan(0);
      expect(model.training_window.last_game_date < model.training_window.cutoff).toBe(true);
      const [used] = await warehouse.query<{ first: string | null }>(
        `SELECT MIN(game_date)::VARCHAR AS first FROM nba_predictions.player_prop_predictions WHERE model_version = $v`,
        { params: { v: model.model_version } },
      );
      expect(used!.first! >= model.training_window.cutoff, model.model_version).toBe(true);
    }
  });

  it(
    "a second run changes no data row; only the bookkeeping tables record it",
    async () => {
      await warehouse.close();
      const home = path.join(root, "home");
      const before = await fingerprints(path.join(home, "warehouse.duckdb"));
      const second = pipeline(home, dataDir);
      const after = await fingerprints(path.join(home, "warehouse.duckdb"));
      warehouse = await DuckDbWarehouse.open(path.join(home, "warehouse.duckdb"));
      expect(second.code, second.err).toBe(0);
      expect(second.result.flow.status).toBe("unchanged");
      const changed = [...after].filter(([table, print]) => before.get(table) !== print).map(([table]) => table);
      expect(changed.filter((t) => !BOOKKEEPING.test(t))).toEqual([]);
      expect(changed).toContain("nba_processing.flows");
    },
    20 * 60_000,
  );
});
