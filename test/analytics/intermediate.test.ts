import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildActions } from "../../ts/engine/actions.ts";
import { compileProject } from "../../ts/engine/compile.ts";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { runGraph } from "../../ts/engine/local-runner.ts";
import { runUnitTests } from "../../ts/engine/unit-tests.ts";
import { compileForTests, REPO } from "./fixture.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe("intermediate layer: given/expect unit tests (definitions/intermediate/tests)", () => {
  it("every intermediate model has a unit test, and all pass", async () => {
    const results = (await runUnitTests({ projectDir: REPO })).filter((r) =>
      r.file.startsWith("definitions/intermediate/"),
    );
    const models = fs
      .readdirSync(path.join(REPO, "definitions/intermediate"))
      .filter((f) => f.endsWith(".sqlx"))
      .map((f) => `test_${f.replace(".sqlx", "")}`);
    expect(results.map((r) => r.name).sort()).toEqual(models.sort());
    expect(results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.message}`)).toEqual([]);
  }, 180_000);
});

describe("dependOnDependencyAssertions", () => {
  it("each phase 3 model waits for the assertions of the phase 3 tables it reads", async () => {
    const actions = buildActions(await compileForTests());
    const byName = new Map(actions.map((a) => [a.name, a]));
    const assertionsOf = (table: string) =>
      actions.filter((a) => a.type === "assertion" && a.dependencies.includes(table)).map((a) => a.name);
    const models = actions.filter((a) => a.tags.includes("phase3") && (a.type === "table" || a.type === "incremental"));
    let edges = 0;
    for (const model of models) {
      for (const upstream of model.dependencies.filter((d) =>
        ["table", "incremental"].includes(byName.get(d)?.type ?? ""),
      )) {
        for (const assertion of assertionsOf(upstream)) {
          expect(model.dependencies, `${model.name} waits for ${assertion}`).toContain(assertion);
          edges++;
        }
      }
    }
    expect(edges).toBeGreaterThan(0);
    expect(byName.get("nba_analytics.upcoming_player_game_context")!.dependencies).toContain(
      "nba_assertions.upcoming_team_game_context_point_in_time",
    );
  });

  it("the local runner skips a model whose upstream assertion fails, and runs a reader without the option", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nbap-doda-"));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, "definitions"));
    fs.writeFileSync(
      path.join(dir, "dataform.json"),
      JSON.stringify({
        warehouse: "bigquery",
        defaultDatabase: "p",
        defaultSchema: "s",
        assertionSchema: "a",
        defaultLocation: "US",
      }),
    );
    const file = (name: string, text: string) => fs.writeFileSync(path.join(dir, "definitions", name), text);
    file("upstream.sqlx", `config { type: "table", assertions: { rowConditions: ["n < 0"] } }\nSELECT 1 AS n`);
    file(
      "strict_reader.sqlx",
      `config { type: "table", dependOnDependencyAssertions: true }\nSELECT n FROM \${ref("upstream")}`,
    );
    file("lenient_reader.sqlx", `config { type: "table" }\nSELECT n FROM \${ref("upstream")}`);
    const graph = await compileProject({ projectDir: dir, vars: { engine: "duckdb" } });
    const w = await DuckDbWarehouse.open(":memory:");
    try {
      const run = await runGraph(w, graph, { historySchema: null });
      const status = Object.fromEntries(run.outcomes.map((o) => [o.name, o.status]));
      expect(status).toEqual({
        "s.upstream": "succeeded",
        "a.s_upstream_assertions_rowConditions": "failed",
        "s.strict_reader": "skipped",
        "s.lenient_reader": "succeeded",
      });
    } finally {
      await w.close();
    }
  });
});
