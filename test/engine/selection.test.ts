import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Action, buildActions } from "../../ts/engine/actions.ts";
import { compileProject } from "../../ts/engine/compile.ts";
import { planRun } from "../../ts/engine/local-runner.ts";
import { selectActions } from "../../ts/engine/selection.ts";
import { copyProject, FIXTURE } from "./helpers.ts";

let actions: Action[];
beforeAll(async () => {
  actions = buildActions(await compileProject({ projectDir: FIXTURE, vars: { engine: "duckdb" } }));
});
const names = (s: Set<string>) => [...s].sort();

describe("selection", () => {
  it("selects everything without flags", () => {
    expect(selectActions(actions, {}).size).toBe(actions.length);
  });
  it("--tags selects the tagged actions, including inline assertions that inherit the tag", () => {
    expect(names(selectActions(actions, { tags: ["daily"] }))).toEqual([
      "fx_analytics.events_by_weekday",
      "fx_analytics.events_clean",
      "fx_analytics.player_totals",
      "fx_assertions.fx_analytics_events_clean_assertions_rowConditions",
      "fx_assertions.fx_analytics_events_clean_assertions_uniqueKey_0",
      "fx_assertions.fx_analytics_player_totals_assertions_uniqueKey_0",
    ]);
  });
  it("--actions accepts bare names, schema.name and * patterns", () => {
    expect(names(selectActions(actions, { actions: ["leaders", "fx_analytics.event_*"] }))).toEqual([
      "fx_analytics.event_log",
      "fx_analytics.leaders",
    ]);
    expect(names(selectActions(actions, { actions: ["fixture-project.fx_analytics.events*"] }))).toEqual([
      "fx_analytics.events_by_weekday",
      "fx_analytics.events_clean",
    ]);
  });
  it("--include-deps adds transitive dependencies", () => {
    expect(names(selectActions(actions, { actions: ["leaders"], includeDeps: true }))).toEqual([
      "fx_analytics.events_clean",
      "fx_analytics.leaders",
      "fx_analytics.player_totals",
      "fx_assertions.assert_no_huge_games",
      "fx_raw.events",
    ]);
  });
  it("--include-dependents adds transitive dependents", () => {
    expect(names(selectActions(actions, { actions: ["player_totals"], includeDependents: true }))).toEqual([
      "fx_analytics.leaders",
      "fx_analytics.player_totals",
      "fx_analytics.run_marker",
      "fx_assertions.assert_no_huge_games",
      "fx_assertions.fx_analytics_player_totals_assertions_uniqueKey_0",
    ]);
  });
  it("a selection that matches nothing is an error, not an empty run", () => {
    expect(() => selectActions(actions, { actions: ["no_such_table"] })).toThrow(/no action matches/);
  });
});

describe("an unsupported construct in a project file", () => {
  it("stops the run before anything executes, naming action, file, line and construct", async () => {
    const dir = copyProject();
    fs.writeFileSync(
      path.join(dir, "definitions/bad_quantiles.sqlx"),
      `config { type: "table" }\nSELECT APPROX_QUANTILES(points, 2) AS q FROM \${ref("events")}\n`,
    );
    const graph = await compileProject({ projectDir: dir });
    await expect(planRun(graph, { projectDir: dir })).rejects.toThrow(
      /fx_analytics\.bad_quantiles \(definitions\/bad_quantiles\.sqlx:2\) query: APPROX_QUANTILES\(points, 2\).*not supported by the local engine/,
    );
  });
  it("an enabled notebook or JiT action is refused by name, never skipped", async () => {
    const dir = copyProject();
    fs.writeFileSync(
      path.join(dir, "definitions/jit_table.js"),
      `publish("jit_table", { type: "table" }).jitCode(async () => "SELECT 1");\n`,
    );
    const graph = await compileProject({ projectDir: dir, vars: { engine: "duckdb" } });
    await expect(planRun(graph)).rejects.toThrow(
      /jit_table \(definitions\/jit_table\.js\): JiT-compiled actions are not supported/,
    );
  });
});

describe("--dry-run", () => {
  it("prints every statement an action would run, translated to DuckDB and formatted, without a warehouse", async () => {
    const { duckDbDryRun } = await import("../../ts/cli/dry-run.ts");
    const graph = await compileProject({ projectDir: FIXTURE, vars: { engine: "duckdb" } });
    const text = duckDbDryRun(
      await planRun(graph, { actions: ["events_clean", "player_totals", "events_by_weekday"] }),
      new Map(),
    );
    expect(text).toContain("-- fx_analytics.events_clean (table, definitions/events_clean.sqlx)");
    expect(text).toMatch(/CREATE OR REPLACE TABLE "fx_analytics"\."events_clean" AS\s+SELECT/);
    expect(text).toContain("later runs MERGE the new rows on (player_id, game_date)");
    expect(text).toMatch(/NBAP_DAY_OF_WEEK ?\(game_date\)/i);
    expect(text).not.toContain("`");
  });
});
