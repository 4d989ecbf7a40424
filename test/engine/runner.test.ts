import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../ts/engine/compile.ts";
import { dataHash } from "../../ts/engine/data-hash.ts";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import type { CompiledGraph } from "../../ts/engine/graph.ts";
import { type RunOptions, runGraph } from "../../ts/engine/local-runner.ts";
import { BASE_EVENTS, copyProject, FIXTURE, seedEvents, tempDir } from "./helpers.ts";

let graph: CompiledGraph;
let warehouse: DuckDbWarehouse | undefined;

beforeAll(async () => {
  graph = await compileProject({ projectDir: FIXTURE, vars: { engine: "duckdb" } });
});
afterEach(async () => {
  await warehouse?.close();
  warehouse = undefined;
});

async function fresh(): Promise<DuckDbWarehouse> {
  warehouse = await DuckDbWarehouse.open(path.join(tempDir(), "w.duckdb"));
  await seedEvents(warehouse, BASE_EVENTS);
  return warehouse;
}

const statusOf = (summary: Awaited<ReturnType<typeof runGraph>>) =>
  Object.fromEntries(summary.outcomes.map((o) => [o.name, o.status]));

const run = (w: DuckDbWarehouse, options: RunOptions = {}, g = graph) => runGraph(w, g, { concurrency: 2, ...options });

describe("local runner on the fixture project", () => {
  it("builds every action type with Dataform's semantics", async () => {
    const w = await fresh();
    const summary = await run(w);
    expect(summary.ok).toBe(true);
    const status = statusOf(summary);
    expect(status["fx_analytics.disabled_table"]).toBe("disabled");
    for (const name of [
      "fx_analytics.events_clean",
      "fx_analytics.player_totals",
      "fx_analytics.leaders",
      "fx_analytics.run_marker",
      "fx_assertions.assert_no_huge_games",
      "fx_assertions.fx_analytics_events_clean_assertions_uniqueKey_0",
      "fx_raw.events",
    ]) {
      expect(status[name], name).toBe("succeeded");
    }
    // table with pre/post operations
    expect(await w.query(`SELECT note FROM fx_analytics.events_clean_audit`)).toEqual([{ note: "rebuilt" }]);
    // view through a dialect macro: 2024-01-07 is a Sunday → BigQuery DAYOFWEEK 1
    expect(await w.query(`SELECT weekday, events FROM fx_analytics.events_by_weekday ORDER BY weekday`)).toEqual([
      { weekday: 1, events: 2 },
      { weekday: 2, events: 1 },
      { weekday: 3, events: 1 },
    ]);
    // incremental first run = create; data_hash computed in SQL equals the TS canonical hash
    const totals = await w.query<{ player_id: string; game_date: string; points: number; data_hash: string }>(
      `SELECT player_id, CAST(game_date AS VARCHAR) AS game_date, points, data_hash FROM fx_analytics.player_totals ORDER BY 1, 2`,
    );
    expect(totals.map((r) => [r.player_id, r.game_date, r.points])).toEqual([
      ["p1", "2024-01-07", 15],
      ["p2", "2024-01-08", 20],
      ["p2", "2024-01-09", 0],
    ]);
    for (const r of totals)
      expect(r.data_hash).toBe(
        dataHash([
          [r.player_id, "STRING"],
          [r.game_date, "DATE"],
          [r.points, "INT64"],
        ]),
      );
    // operations, several statements in order
    expect(await w.query(`SELECT player_days FROM fx_analytics.run_marker ORDER BY 1`)).toEqual([
      { player_days: -1 },
      { player_days: 3 },
    ]);
    // the disabled table was not created
    expect(
      await w.query(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'disabled_table'`),
    ).toEqual([{ n: 0 }]);
    // run history has one row per action
    const history = await w.query<{ n: number }>(
      `SELECT count(*) AS n FROM nba_processing.run_history WHERE run_id = $id`,
      { params: { id: summary.runId } },
    );
    expect(history[0]!.n).toBe(summary.outcomes.length);
  });

  it("merges on the unique key: updates a changed row, inserts a new one, and an unchanged rerun changes nothing", async () => {
    const w = await fresh();
    await run(w);
    const before = await w.query(`SELECT * FROM fx_analytics.player_totals ORDER BY player_id, game_date`);
    const rerun = await run(w);
    expect(rerun.outcomes.find((o) => o.name === "fx_analytics.player_totals")!.rowsAffected).toBe(0);
    expect(await w.query(`SELECT * FROM fx_analytics.player_totals ORDER BY player_id, game_date`)).toEqual(before);

    await w.execute(`UPDATE fx_raw.events SET points = 30 WHERE player_id = 'p2' AND game_date = '2024-01-08'`);
    await w.execute(`INSERT INTO fx_raw.events VALUES ('p3', DATE '2024-01-10', 7)`);
    const third = await run(w);
    expect(third.outcomes.find((o) => o.name === "fx_analytics.player_totals")!.rowsAffected).toBe(2);
    const after = await w.query<{ player_id: string; points: number; data_hash: string }>(
      `SELECT player_id, points, data_hash FROM fx_analytics.player_totals ORDER BY player_id, game_date`,
    );
    expect(after.map((r) => [r.player_id, r.points])).toEqual([
      ["p1", 15],
      ["p2", 30],
      ["p2", 0],
      ["p3", 7],
    ]);
    expect(after[0]!.data_hash).toBe((before[0] as { data_hash: string }).data_hash);
    expect(after[1]!.data_hash).not.toBe((before[1] as { data_hash: string }).data_hash);
  });

  it("appends without a unique key, and --full-refresh rebuilds", async () => {
    const w = await fresh();
    await run(w, { tags: ["log"], includeDeps: true });
    await run(w, { tags: ["log"] });
    expect(await w.query(`SELECT count(*) AS n FROM fx_analytics.event_log`)).toEqual([{ n: 4 }]);
    await w.execute(`INSERT INTO fx_raw.events VALUES ('p3', DATE '2024-02-01', 7)`);
    await run(w, { tags: ["log"] });
    expect(await w.query(`SELECT count(*) AS n FROM fx_analytics.event_log`)).toEqual([{ n: 5 }]);
    await w.execute(`DELETE FROM fx_raw.events WHERE player_id = 'p1'`);
    await run(w, { tags: ["log"], fullRefresh: true });
    expect(await w.query(`SELECT count(*) AS n FROM fx_analytics.event_log`)).toEqual([{ n: 3 }]);
  });

  it("INSERT_OVERWRITE replaces the partitions present in the new rows, touching only rows that differ", async () => {
    const w = await fresh();
    await run(w, { tags: ["overwrite"] });
    const rows = () =>
      w.query(`SELECT player_id, CAST(game_date AS VARCHAR) AS d, points FROM fx_analytics.daily_points ORDER BY 1, 2`);
    expect(await rows()).toEqual([
      { player_id: "p1", d: "2024-01-07", points: 15 },
      { player_id: "p2", d: "2024-01-08", points: 20 },
    ]);
    const unchanged = await run(w, { tags: ["overwrite"] });
    expect(unchanged.outcomes.find((o) => o.name === "fx_analytics.daily_points")!.rowsAffected).toBe(0);

    // p1's only game of 2024-01-07 now scores 0 (drops out of the model), p3 joins that date: the partition is
    // replaced, so p1's stale row goes although no new row carries its key; 2024-01-08 is left as it was.
    await w.execute(`UPDATE fx_raw.events SET points = 0 WHERE player_id = 'p1'`);
    await w.execute(`INSERT INTO fx_raw.events VALUES ('p3', DATE '2024-01-07', 4)`);
    const changed = await run(w, { tags: ["overwrite"] });
    expect(changed.outcomes.find((o) => o.name === "fx_analytics.daily_points")!.rowsAffected).toBe(2);
    expect(await rows()).toEqual([
      { player_id: "p2", d: "2024-01-08", points: 20 },
      { player_id: "p3", d: "2024-01-07", points: 4 },
    ]);
  });

  it("keeps a protected incremental table through --full-refresh", async () => {
    const w = await fresh();
    await run(w, { actions: ["protected_totals"] });
    await w.execute(`INSERT INTO fx_analytics.protected_totals VALUES ('kept-by-hand', 1)`);
    await run(w, { actions: ["protected_totals"], fullRefresh: true });
    expect(await w.query(`SELECT points FROM fx_analytics.protected_totals WHERE player_id = 'kept-by-hand'`)).toEqual([
      { points: 1 },
    ]);
  });

  it("a failing assertion blocks its dependents, which are reported as skipped", async () => {
    const w = await fresh();
    await w.execute(`INSERT INTO fx_raw.events VALUES ('p9', DATE '2024-01-07', 150)`);
    const summary = await run(w);
    expect(summary.ok).toBe(false);
    const assertion = summary.outcomes.find((o) => o.name === "fx_assertions.assert_no_huge_games")!;
    expect(assertion.status).toBe("failed");
    expect(assertion.error).toMatch(/1 row\(s\)/);
    const leaders = summary.outcomes.find((o) => o.name === "fx_analytics.leaders")!;
    expect(leaders.status).toBe("skipped");
    expect(leaders.error).toContain("fx_assertions.assert_no_huge_games failed");
    expect(statusOf(summary)["fx_analytics.run_marker"]).toBe("succeeded");

    const log = await w.query<{
      assertion: string;
      checked_tables: string;
      status: string;
      failing_rows: number;
      sample_rows: string;
    }>(
      `SELECT assertion, checked_tables, status, failing_rows, sample_rows FROM nba_processing.assertion_log WHERE run_id = $id ORDER BY assertion`,
      { params: { id: summary.runId } },
    );
    expect(log.map((r) => [r.assertion, r.status, r.failing_rows])).toEqual([
      ["fx_assertions.assert_no_huge_games", "failed", 1],
      ["fx_assertions.fx_analytics_events_clean_assertions_rowConditions", "passed", 0],
      ["fx_assertions.fx_analytics_events_clean_assertions_uniqueKey_0", "passed", 0],
      ["fx_assertions.fx_analytics_player_totals_assertions_uniqueKey_0", "passed", 0],
    ]);
    expect(log[0]!.checked_tables).toBe("fx_analytics.player_totals");
    expect(JSON.parse(log[0]!.sample_rows)).toEqual([expect.objectContaining({ player_id: "p9", points: 150 })]);
  });

  it("refuses a NULL in the unique key instead of inserting a duplicate", async () => {
    const w = await fresh();
    await run(w);
    await w.execute(`INSERT INTO fx_raw.events VALUES (NULL, DATE '2024-01-07', 3)`);
    const summary = await run(w, { actions: ["events_clean", "player_totals"] });
    const o = summary.outcomes.find((x) => x.name === "fx_analytics.player_totals")!;
    expect(o.status).toBe("failed");
    expect(o.error).toMatch(/NULL in the unique key \(player_id, game_date\)/);
  });

  it("fails when a declared source does not exist, and skips what depends on it", async () => {
    warehouse = await DuckDbWarehouse.open(":memory:");
    const summary = await run(warehouse);
    const decl = summary.outcomes.find((o) => o.name === "fx_raw.events")!;
    expect(decl.status).toBe("failed");
    expect(decl.error).toMatch(/fx_raw\.events does not exist/);
    expect(statusOf(summary)["fx_analytics.events_clean"]).toBe("skipped");
  });

  it("a failure mid-action leaves the previous table intact", async () => {
    const w = await fresh();
    await run(w);
    const before = await w.query(`SELECT * FROM fx_analytics.events_clean ORDER BY ALL`);
    await w.execute(`DELETE FROM fx_raw.events WHERE player_id = 'p2'`);
    const dir = copyProject();
    const file = path.join(dir, "definitions/events_clean.sqlx");
    fs.writeFileSync(
      file,
      fs.readFileSync(file, "utf8").replace("post_operations {", "post_operations { SELECT ERROR('injected crash');"),
    );
    const broken = await compileProject({ projectDir: dir, vars: { engine: "duckdb" } });
    const summary = await run(w, { actions: ["events_clean"] }, broken);
    expect(summary.outcomes[0]!.status).toBe("failed");
    expect(summary.outcomes[0]!.error).toContain("injected crash");
    expect(await w.query(`SELECT * FROM fx_analytics.events_clean ORDER BY ALL`)).toEqual(before);
  });

  it("isolates a run under a dataset prefix", async () => {
    warehouse = await DuckDbWarehouse.open(":memory:");
    await seedEvents(warehouse, BASE_EVENTS, "test_");
    const summary = await run(warehouse, { datasetPrefix: "test_" });
    expect(summary.ok).toBe(true);
    expect(await warehouse.query(`SELECT count(*) AS n FROM test_fx_analytics.player_totals`)).toEqual([{ n: 3 }]);
    expect(
      await warehouse.query(`SELECT count(*) AS n FROM information_schema.schemata WHERE schema_name = 'fx_analytics'`),
    ).toEqual([{ n: 0 }]);
  });
});
