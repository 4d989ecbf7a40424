import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type AnalyzerProcess, isProcessAlive } from "../../ts/check/analyzer-process.ts";
import { type CheckFailure, type CheckOptions, type CheckResult, checkProject } from "../../ts/check/check.ts";
import { formatReport } from "../../ts/check/report.ts";
import { compileProject } from "../../ts/engine/compile.ts";
import { copyFixture, fixture, REPO } from "./helpers/fixtures.ts";
import { waitUntilGone } from "./helpers/processes.ts";

const analyzers: AnalyzerProcess[] = [];
const temps: string[] = [];

/** checkProject, remembering every analyzer it starts so afterAll can prove none is left. */
function check(projectDir: string, extra: Partial<CheckOptions> = {}): Promise<CheckResult> {
  return checkProject({
    projectDir,
    ...extra,
    hooks: { ...extra.hooks, onAnalyzerStarted: (a) => analyzers.push(a) },
  });
}

afterAll(async () => {
  for (const a of analyzers) expect(await waitUntilGone(a.pid), `analyzer ${a.pid} still running`).toBe(true);
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

function only(result: CheckResult, actionName: string): CheckFailure {
  const matches = result.failures.filter((f) => f.action.endsWith(`.${actionName}`));
  expect(matches, `failures of ${actionName}: ${formatReport(result)}`).toHaveLength(1);
  return matches[0]!;
}

describe("checkProject on a clean fixture", () => {
  let result: CheckResult;
  it("passes, analysing every kind of action and statement", async () => {
    result = await check(fixture("clean"));
    expect(result.failures, formatReport(result)).toEqual([]);
    expect(result.ok).toBe(true);
    // 2 declarations feed: player_games (+2 generated assertions), player_form (incremental), player_summary (view),
    // run_log (operation), no_negative_points (assertion).
    expect(result.actionsAnalysed).toBe(7);
    // preOps: 2 DECLAREs ×2 runs; queries: 5 + incrementalQuery; operation: 2; assertions: 3 → 13.
    expect(result.statementsAnalysed).toBe(13);
    expect(result.analyzer.binary).toMatch(/remote_server\.so$/);
  });

  it("infers schemas from the analyzer, including operations' CREATE TABLE and incremental models", () => {
    expect(result.schemas["nba-props-prod.nba_analytics.player_games"]).toEqual([
      { name: "game_id", type: "STRING" },
      { name: "game_date", type: "DATE" },
      { name: "player_id", type: "STRING" },
      { name: "team", type: "STRING" },
      { name: "points", type: "INT64" },
      { name: "points_per_minute", type: "FLOAT64" },
      { name: "rest_days", type: "INT64" },
      { name: "points_l10", type: "FLOAT64" },
      { name: "first_half_points", type: "INT64" },
      { name: "row_hash", type: "STRING" },
    ]);
    expect(result.schemas["nba-props-prod.nba_analytics.player_summary"]).toEqual([
      { name: "player_id", type: "STRING" },
      { name: "best_run", type: "INT64" },
      { name: "last_dates", type: "ARRAY<DATE>" },
      { name: "latest_sd", type: "FLOAT64" },
      { name: "hot", type: "BOOL" },
    ]);
    expect(result.schemas["nba-props-prod.nba_analytics.run_log"]?.map((c) => c.type)).toEqual([
      "STRING",
      "TIMESTAMP",
      "INT64",
    ]);
    expect(result.schemas["nba-props-prod.nba_raw.box"]?.find((c) => c.name === "periods")?.type).toBe(
      "ARRAY<STRUCT<period INT64, points INT64>>",
    );
  });
});

describe("checkProject on BigQuery-only errors", () => {
  let result: CheckResult;
  it("fails and reports each broken action once", async () => {
    result = await check(fixture("errors"));
    expect(result.ok).toBe(false);
    expect(result.failures.map((f) => f.action.split(".").pop()).sort()).toEqual([
      "bad_declare",
      "duckdb_function",
      "join_type_mismatch",
      "missing_table",
      "script_block",
      "unknown_column",
      "wrong_arity",
    ]);
  });

  it("unknown column: action, file, line/column in the .sqlx, message", () => {
    expect(only(result, "unknown_column")).toMatchObject({
      action: "nba-props-prod.nba_analytics.unknown_column",
      actionKind: "table",
      file: "definitions/models/unknown_column.sqlx",
      part: "query",
      message: "Unrecognized name: rebounds",
      fileLine: 5,
      fileColumn: 3,
    });
  });

  it("wrong function arity", () => {
    const f = only(result, "wrong_arity");
    expect(f.file).toBe("definitions/models/wrong_arity.sqlx");
    expect(f.message).toMatch(
      /^No matching signature for function SAFE_DIVIDE for argument types: INT64, FLOAT64, INT64/,
    );
    expect([f.fileLine, f.fileColumn]).toEqual([3, 19]);
  });

  it("type mismatch in a join", () => {
    const f = only(result, "join_type_mismatch");
    expect(f).toMatchObject({ actionKind: "view", file: "definitions/models/join_type_mismatch.sqlx", fileLine: 5 });
    expect(f.message).toMatch(/No matching signature for operator = for argument types: STRING, INT64/);
    // The compiled line has the resolved table name; the error points at the comparison.
    expect(f.sqlLine?.slice((f.column ?? 1) - 1)).toBe("t.abbreviation = b.team_id");
  });

  it("a DuckDB-only function", () => {
    const f = only(result, "duckdb_function");
    expect(f).toMatchObject({
      file: "definitions/models/duckdb_function.sqlx",
      message: "Function not found: list_aggregate",
      fileLine: 3,
    });
  });

  it("a table that does not exist", () => {
    const f = only(result, "missing_table");
    expect(f.file).toBe("definitions/models/missing_table.sqlx");
    expect(f.message).toMatch(
      /^Table not found: `nba-props-prod\.nba_raw\.boxes`; Did you mean nba-props-prod\.nba_raw\.box\?/,
    );
  });

  it("script blocks are reported, never skipped; DECLARE defaults are type-checked", () => {
    const block = only(result, "script_block");
    expect(block).toMatchObject({ part: "preOps[0]", statement: 2, fileLine: 5 });
    expect(block.message).toMatch(/script block \(IF …\) cannot be checked/);
    expect(block.analyzerGap).toBeDefined();
    const declare = only(result, "bad_declare");
    expect(declare).toMatchObject({ part: "preOps[0]", fileLine: 4 });
    expect(declare.message).toBe(
      "DECLARE cutoff: DEFAULT value of type STRING cannot be assigned to a variable of type DATE",
    );
  });

  it("an action downstream of a failed one is listed as not analysed, with the reason", () => {
    expect(result.blocked).toEqual([
      {
        action: "nba-props-prod.nba_analytics.downstream_of_broken",
        actionKind: "table",
        file: "definitions/models/downstream_of_broken.sqlx",
        blockedBy: ["nba-props-prod.nba_analytics.unknown_column"],
      },
    ]);
    expect(formatReport(result)).toContain(
      "downstream_of_broken [table] not analysed: upstream nba-props-prod.nba_analytics.unknown_column failed",
    );
  });
});

describe("catalog from the graph", () => {
  it("inferred schemas carry downstream: renaming an upstream column fails the downstream model", async () => {
    const before = await check(fixture("rename"));
    expect(before.failures, formatReport(before)).toEqual([]);
    const dir = copyFixture("rename");
    temps.push(dir);
    const upstream = path.join(dir, "definitions", "upstream.sqlx");
    fs.writeFileSync(upstream, fs.readFileSync(upstream, "utf8").replace("AS points_avg_5", "AS points_avg_last5"));
    const after = await check(dir);
    expect(after.ok).toBe(false);
    expect(after.failures).toHaveLength(1);
    expect(after.failures[0]).toMatchObject({
      action: "nba-props-prod.nba_analytics.downstream",
      file: "definitions/downstream.sqlx",
      message: "Unrecognized name: points_avg_5; Did you mean points_avg_last5?",
      fileLine: 3,
    });
    expect(after.schemas["nba-props-prod.nba_analytics.upstream"]?.map((c) => c.name)).toContain("points_avg_last5");
  });

  it("a declaration without typed columns is an error naming its file", async () => {
    const result = await check(fixture("no-types"));
    expect(result.failures.map((f) => [f.file, f.actionKind])).toEqual([
      ["definitions/bare.sqlx", "declaration"],
      ["definitions/untyped.sqlx", "declaration"],
    ]);
    for (const f of result.failures) expect(f.message).toContain("declare column types with tags: ['type:...']");
    expect(result.blocked.map((b) => b.file)).toEqual(["definitions/reads_untyped.sqlx"]);
  });
});

describe("data_hash", () => {
  const sqlJs = path.join(REPO, "includes", "sql.js");

  it("the macro's BigQuery output type-checks to STRING in every model that has a data_hash column", async () => {
    expect(fs.existsSync(sqlJs), "includes/sql.js (the dialect macros) must exist").toBe(true);
    // The fixture hashes every type the macro accepts; the real project's models are checked as they are.
    const dir = copyFixture("data-hash");
    temps.push(dir);
    fs.mkdirSync(path.join(dir, "includes"));
    fs.copyFileSync(sqlJs, path.join(dir, "includes", "sql.js"));
    const results = [await check(dir), await check(REPO)];
    const hashed: string[] = [];
    for (const r of results) {
      expect(r.failures, formatReport(r)).toEqual([]);
      for (const [table, columns] of Object.entries(r.schemas)) {
        const column = columns.find((c) => c.name === "data_hash");
        if (!column) continue;
        hashed.push(table);
        expect(column.type, `${table}.data_hash`).toBe("STRING");
      }
    }
    expect(hashed).toEqual(
      expect.arrayContaining([
        "nba-props-prod.nba_analytics.hashed_box",
        "nba-props-prod.nba_analytics.hashed_incremental",
      ]),
    );
    // Every real model whose compiled BigQuery SQL calls the macro has its data_hash column checked above.
    const graph = await compileProject({ projectDir: REPO });
    for (const t of graph.tables) {
      if (/SUBSTR\(TO_HEX\(SHA256\(/.test(t.query) && /\bdata_hash\b/.test(t.query)) {
        expect(hashed, `${t.target.name} uses the data_hash macro`).toContain(
          `${t.target.database}.${t.target.schema}.${t.target.name}`,
        );
      }
    }
  });
});

describe("type-dependent casts", () => {
  it("reports CAST(<FLOAT64> AS INT64), which rounds differently on DuckDB, but not ROUND first or the macro", async () => {
    const dir = copyFixture("data-hash");
    temps.push(dir);
    fs.mkdirSync(path.join(dir, "includes"));
    fs.copyFileSync(path.join(REPO, "includes", "sql.js"), path.join(dir, "includes", "sql.js"));
    for (const f of fs.readdirSync(path.join(dir, "definitions")).filter((f) => f !== "box.sqlx"))
      fs.rmSync(path.join(dir, "definitions", f));
    const model = (body: string) => `config { type: "table" }\nSELECT ${body} AS m FROM \${ref("box")}\n`;
    fs.writeFileSync(path.join(dir, "definitions", "bare_cast.sqlx"), model("CAST(minutes AS INT64)"));
    fs.writeFileSync(path.join(dir, "definitions", "rounded_cast.sqlx"), model("CAST(ROUND(minutes) AS INT64)"));
    fs.writeFileSync(path.join(dir, "definitions", "macro_cast.sqlx"), model('${sql.floatToInt64("minutes")}'));
    fs.writeFileSync(path.join(dir, "definitions", "int_cast.sqlx"), model("CAST(points AS INT64)"));
    const result = await check(dir);
    expect(result.failures.map((f) => [f.action.split(".").pop(), f.message])).toEqual([
      [
        "bare_cast",
        expect.stringMatching(/^1 × CAST\(<FLOAT64> AS INT64\) rounds half to even on DuckDB.*sql\.floatToInt64/),
      ],
    ]);
  });
});

describe("the real project", () => {
  it("compiles for BigQuery and checks clean", async () => {
    const result = await check(REPO);
    expect(result.failures, formatReport(result)).toEqual([]);
    expect(result.blocked).toEqual([]);
    const graph = await compileProject({ projectDir: REPO });
    const actions = graph.tables.length + graph.operations.length + graph.assertions.length;
    expect(result.actionsAnalysed).toBe(actions);
    // Every raw declaration is in the catalog with its typed columns.
    for (const d of graph.declarations) {
      expect(
        result.schemas[`${d.target.database}.${d.target.schema}.${d.target.name}`]?.length,
        d.fileName,
      ).toBeGreaterThan(0);
    }
  });
});

describe("the analyzer never outlives a check", () => {
  it("a check that fails mid-way (an exception while analysing) still stops the analyzer", async () => {
    let seen: AnalyzerProcess | undefined;
    let statements = 0;
    const error = await checkProject({
      projectDir: fixture("clean"),
      hooks: {
        onAnalyzerStarted: (a) => {
          seen = a;
          analyzers.push(a);
        },
        beforeStatement: () => {
          if (++statements === 3) throw new Error("boom mid-check");
        },
      },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("boom mid-check");
    expect(seen).toBeDefined();
    expect(isProcessAlive(seen!.pid)).toBe(false);
  });

  it("leaves a project var named engine alone: the compile is always BigQuery's", async () => {
    const result = await check(fixture("clean"), { vars: { engine: "duckdb" } });
    expect(result.failures).toEqual([]);
  });
});
