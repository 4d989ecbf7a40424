import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { BASE_EVENTS, copyProject, FIXTURE, seedEvents, tempDir } from "../engine/helpers.ts";
import { DATA_DIR, PROJECT_DIR } from "../support/data-dir.ts";
import { duplicateKeys } from "../support/duplicate-keys.ts";

// The built CLI (dist/, as the bin runs it) against the small engine fixture, each run with its own NBA_PROPS_HOME.
const BIN = path.join(PROJECT_DIR, "bin/nba-props.js");
let home: string;

function cli(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []) {
  const run = spawnSync(process.execPath, [...nodeArgs, BIN, ...args], {
    env: { ...process.env, NBA_PROPS_HOME: home, NBA_PROPS_LOG_LEVEL: "warn", ...env },
    encoding: "utf8",
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

/** stdout must be exactly one JSON object. */
function oneJson(out: string): Record<string, unknown> {
  expect(out.trim().startsWith("{") && out.trim().endsWith("}"), out).toBe(true);
  return JSON.parse(out) as Record<string, unknown>;
}

beforeAll(async () => {
  home = tempDir("nbap-cli-home-");
  const w = await DuckDbWarehouse.open(path.join(home, "warehouse.duckdb"));
  await seedEvents(w, BASE_EVENTS);
  await w.close();
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe("--help", () => {
  it("loads only the command definitions: no engine, warehouse, compiler, model or logging library", () => {
    const hook = path.join(home, "record-imports.mjs");
    const log = path.join(home, "imports.txt");
    fs.writeFileSync(
      hook,
      `import { register } from "node:module";
import fs from "node:fs";
register("data:text/javascript," + encodeURIComponent(\`
import fs from "node:fs";
export async function resolve(s, c, next) { const r = await next(s, c); fs.appendFileSync(${JSON.stringify(log)}, r.url + "\\\\n"); return r; }
\`));\n`,
    );
    const run = cli(["--help"], {}, ["--import", hook]);
    expect(run.code).toBe(0);
    expect(run.out).toContain("Usage: nba-props");
    const loaded = fs.readFileSync(log, "utf8").split("\n").filter(Boolean);
    expect(loaded.some((u) => u.includes("/dist/cli/commands/run.js"))).toBe(true);
    const heavy = [
      "@duckdb",
      "@dataform",
      "@polyglot-sql",
      "sql-formatter",
      "zod",
      "pino",
      "cli-progress",
      "@google-cloud",
      "/dist/engine/",
      "/dist/orchestration/",
      "/dist/predictions/",
      "/dist/scrapers/",
      "/dist/raw/",
    ];
    expect(loaded.filter((u) => heavy.some((h) => u.includes(h)))).toEqual([]);
  });
});

describe("--json", () => {
  it("run: one JSON object on stdout with every action's outcome; the table goes to stderr", () => {
    const run = cli(["run", "--project", FIXTURE, "--actions", "events_clean", "player_totals", "--json"]);
    expect(run.code, run.err).toBe(0);
    const summary = oneJson(run.out) as {
      ok: boolean;
      runId: string;
      outcomes: { name: string; status: string; rowsAffected: number | null }[];
    };
    expect(summary.ok).toBe(true);
    expect(summary.runId).toMatch(/^[0-9a-f-]{36}$/);
    // BASE_EVENTS: 4 rows; player_totals groups (p1, 01-07) twice into one row: 3 rows.
    expect(summary.outcomes.map((o) => [o.name, o.status, o.rowsAffected])).toEqual([
      ["fx_analytics.events_clean", "succeeded", 4],
      ["fx_analytics.player_totals", "succeeded", 3],
    ]);
    expect(run.err).toContain("fx_analytics.player_totals");
  });

  it("an error is one JSON object on stdout and a non-zero exit", () => {
    const run = cli(["run", "--project", FIXTURE, "--actions", "no_such_action", "--json"]);
    expect(run.code).toBe(1);
    expect(oneJson(run.out)).toEqual({
      ok: false,
      error: "error",
      message: "no action matches the selection (no_such_action)",
    });
  });

  it("a usage error (refused by the option parser) too", () => {
    const run = cli(["run", "--project", FIXTURE, "--concurrency", "abc", "--json"]);
    expect(run.code).toBe(1);
    const error = oneJson(run.out);
    expect(error.error).toBe("UsageError");
    expect(error.message).toMatch(/--concurrency.*positive integer, got "abc"/);
    expect(run.err).toBe("");
  });

  it("load: the load summary, per table; a second load of the same file is unchanged", () => {
    const file = path.join(DATA_DIR, "reference/team_crosswalk.csv");
    const rows = fs.readFileSync(file, "utf8").trim().split("\n").length - 1;
    const first = cli(["load", file, "--project", PROJECT_DIR, "--json"]);
    expect(first.code, first.err).toBe(0);
    const summary = oneJson(first.out) as {
      ok: boolean;
      tables: { table: string; loaded: number; unchanged: number; rowsInTable: number }[];
    };
    expect(summary.ok).toBe(true);
    expect(summary.tables).toMatchObject([{ table: "team_crosswalk", loaded: 1, unchanged: 0, rowsInTable: rows }]);
    const again = oneJson(cli(["load", file, "--project", PROJECT_DIR, "--json"]).out) as typeof summary;
    expect(again.tables).toMatchObject([{ table: "team_crosswalk", loaded: 0, unchanged: 1, rowsInTable: rows }]);
  });

  it("test: every test's result", () => {
    const run = cli(["test", "--project", FIXTURE, "--json"]);
    const result = oneJson(run.out) as {
      ok: boolean;
      passed: number;
      failed: number;
      tests: { name: string; kind: string; ok: boolean }[];
    };
    // The fixture holds one Dataform unit test (test_events_clean.sqlx) and one incremental test (player_totals).
    expect(result.tests.map((t) => t.kind).sort()).toEqual(["dataform", "incremental"]);
    expect(result.passed + result.failed).toBe(2);
    expect(run.code).toBe(result.ok ? 0 : 1);
  });
});

describe("the run flags as users expect them", () => {
  it("--concurrency must be a positive integer, named in the error", () => {
    for (const bad of ["abc", "0", "-2", "1.5"]) {
      const run = cli(["run", "--project", FIXTURE, "--concurrency", bad]);
      expect(run.code, bad).toBe(1);
      expect(run.err).toMatch(/--concurrency <n>' argument .* is invalid\. expected a positive integer/);
      expect(run.err).not.toMatch(/cycle/);
    }
  });

  it("repeated --vars are merged; one key with two values is refused", () => {
    const merged = cli([
      "run",
      "--project",
      FIXTURE,
      "--dry-run",
      "--actions",
      "player_totals",
      "--vars",
      "start_date=2024-01-08",
      "--vars",
      "end_date=2024-01-09",
    ]);
    expect(merged.code, merged.err).toBe(0);
    expect(merged.out).toMatch(/BETWEEN\s+'2024-01-08'\s+AND\s+'2024-01-09'/);
    const clash = cli([
      "run",
      "--project",
      FIXTURE,
      "--dry-run",
      "--vars",
      "start_date=2024-01-08",
      "--vars",
      "start_date=2024-02-01",
    ]);
    expect(clash.code).toBe(1);
    expect(clash.err).toContain('--vars: start_date is given twice ("2024-01-08" and "2024-02-01")');
  });

  it("assert with a selection holding no assertion is an error, as an empty run selection is", () => {
    const run = cli(["assert", "--project", FIXTURE, "--actions", "events_clean"]);
    expect(run.code).toBe(1);
    expect(run.err).toContain("assert: the selection holds no assertion: nothing to run");
  });

  it("test on a project without tests is an error", () => {
    const project = copyProject();
    fs.rmSync(path.join(project, "definitions/test_events_clean.sqlx"));
    fs.rmSync(path.join(project, "definitions/player_totals.incremental-test.json"));
    const run = cli(["test", "--project", project]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/has no unit test .* nothing to run/);
    fs.rmSync(project, { recursive: true, force: true });
  });
});

describe("--dry-run", () => {
  beforeAll(async () => {
    // player_totals as a run leaves it (the --json test above builds it; this keeps the block runnable alone).
    const w = await DuckDbWarehouse.open(path.join(home, "warehouse.duckdb"));
    await w.execute(`CREATE SCHEMA IF NOT EXISTS fx_analytics`);
    await w.execute(
      `CREATE TABLE IF NOT EXISTS fx_analytics.player_totals (player_id VARCHAR, game_date DATE, points HUGEINT, data_hash VARCHAR)`,
    );
    await w.close();
  });

  it("prints the BigQuery SQL by default, dependencies first; an existing incremental table gets Dataform's MERGE", () => {
    const run = cli(["run", "--project", FIXTURE, "--dry-run", "--actions", "player_totals", "--include-deps"]);
    expect(run.code, run.err).toBe(0);
    const clean = run.out.indexOf("-- fx_analytics.events_clean (table");
    const totals = run.out.indexOf("-- fx_analytics.player_totals (incremental");
    expect(clean).toBeGreaterThan(run.out.indexOf("-- fx_raw.events (declaration"));
    expect(totals).toBeGreaterThan(clean);
    expect(run.out).toContain("CREATE OR REPLACE TABLE `fixture-project.fx_analytics.events_clean`");
    expect(run.out).toMatch(/MERGE\s+`fixture-project\.fx_analytics\.player_totals` T USING/);
    expect(run.out).toMatch(/ON T\.player_id = S\.player_id\s+AND T\.game_date = S\.game_date/);
    expect(run.out).toMatch(
      /UPDATE SET\s+`player_id` = S\.`player_id`,\s+`game_date` = S\.`game_date`,\s+`points` = S\.`points`,\s+`data_hash` = S\.`data_hash`/,
    );
    expect(run.out).toMatch(/INSERT\s+\(`player_id`, `game_date`, `points`, `data_hash`\)/);
  });

  it("--full-refresh, or a table not built yet, prints the CREATE and says later runs MERGE", () => {
    const run = cli(["run", "--project", FIXTURE, "--dry-run", "--actions", "player_totals", "--full-refresh"]);
    expect(run.out).toMatch(
      /CREATE OR REPLACE TABLE `fixture-project\.fx_analytics\.player_totals`\s+PARTITION BY\s+game_date\s+CLUSTER BY\s+player_id AS/,
    );
    expect(run.out).toContain("later runs MERGE the new rows on (player_id, game_date)");
    expect(run.out).not.toMatch(/\bMERGE\s+`/);
  });

  it("--dialect duckdb prints what the local runner executes, the incremental MERGE included", () => {
    const run = cli(["run", "--project", FIXTURE, "--dry-run", "--dialect", "duckdb", "--actions", "player_totals"]);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/CREATE OR REPLACE TEMP TABLE "nbap_stage" AS/);
    expect(run.out).toMatch(/MERGE INTO "fx_analytics"\."player_totals" AS T/);
    expect(run.out).not.toContain("`");
  });
});

describe("logs", () => {
  it("every JSON log record has each key once", () => {
    const run = cli(["run", "--project", FIXTURE, "--actions", "events_clean", "--log-format", "json"], {
      NBA_PROPS_LOG_LEVEL: "debug",
    });
    expect(run.code, run.err).toBe(0);
    const records = run.err.split("\n").filter((l) => l.startsWith("{"));
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) expect(duplicateKeys(r), r).toEqual([]);
  });

  it("the duplicate-key reader finds a repeated key (so the test above can fail)", () => {
    expect(duplicateKeys('{"pid":1,"a":{"b":1,"b":2},"pid":2}')).toEqual(["b", "pid"]);
  });
});
