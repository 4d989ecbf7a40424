import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CompilationFailedError, type CompileOptions, compileProject } from "../../ts/engine/compile.ts";
import type { CompiledGraph } from "../../ts/engine/graph.ts";
import { copyProject, tempDir } from "./helpers.ts";

const REPO = path.resolve(import.meta.dirname, "../..");
const STOCK_CLI = path.join(REPO, "node_modules/@dataform/cli/bundle.js");

/** A copy of the fixture the stock CLI accepts: it insists on @dataform/core installed inside the project. */
function stockCompatibleCopy(): string {
  const dir = copyProject();
  fs.cpSync(path.join(REPO, "node_modules/@dataform/core"), path.join(dir, "node_modules/@dataform/core"), {
    recursive: true,
  });
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "fixture", dependencies: { "@dataform/core": "3.0.62" } }),
  );
  return dir;
}

/** What must be identical between the two compilers: every action's target, SQL, dependencies and options. */
function essence(g: CompiledGraph) {
  const deps = (ts: { schema: string; name: string; database: string }[] | undefined) =>
    (ts ?? []).map((t) => `${t.database}.${t.schema}.${t.name}`).sort();
  const key = (t: { database: string; schema: string; name: string }) => `${t.database}.${t.schema}.${t.name}`;
  return {
    tables: (g.tables ?? [])
      .map((t) => ({
        target: key(t.target),
        type: t.enumType,
        query: t.query,
        inc: t.incrementalQuery || "",
        pre: t.preOps ?? [],
        post: t.postOps ?? [],
        incPre: t.incrementalPreOps ?? [],
        uniqueKey: t.uniqueKey ?? [],
        protected: Boolean(t.protected),
        disabled: Boolean(t.disabled),
        tags: t.tags ?? [],
        deps: deps(t.dependencyTargets),
        bigquery: t.bigquery?.partitionBy ?? "",
      }))
      .sort((a, b) => a.target.localeCompare(b.target)),
    operations: (g.operations ?? []).map((o) => ({
      target: key(o.target),
      queries: o.queries,
      deps: deps(o.dependencyTargets),
    })),
    assertions: (g.assertions ?? [])
      .map((a) => ({ target: key(a.target), query: a.query, deps: deps(a.dependencyTargets) }))
      .sort((a, b) => a.target.localeCompare(b.target)),
    declarations: (g.declarations ?? []).map((d) => key(d.target)).sort(),
    tests: (g.tests ?? []).map((t) => ({ name: t.name, q: t.testQuery, e: t.expectedOutputQuery })),
    vars: g.projectConfig.vars,
  };
}

function stockCompile(dir: string, args: string[]): CompiledGraph {
  const out = execFileSync(process.execPath, [STOCK_CLI, "compile", dir, "--json", ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(out) as CompiledGraph;
}

describe("compile", () => {
  it("gives the stock Dataform CLI's graph, with vars and every override flag", async () => {
    const dir = stockCompatibleCopy();
    const overrides: Omit<CompileOptions, "projectDir"> = {
      vars: { engine: "bigquery", min_points: "3", start_date: "2024-01-01" },
      defaultDatabase: "other-project",
      defaultSchema: "alt",
      assertionSchema: "checks",
      schemaSuffix: "dev",
      tablePrefix: "tmp",
      databaseSuffix: "sfx",
    };
    const ours = await compileProject({ projectDir: dir, ...overrides });
    const stock = stockCompile(dir, [
      "--vars=engine=bigquery,min_points=3,start_date=2024-01-01",
      "--default-database=other-project",
      "--default-schema=alt",
      "--assertion-schema=checks",
      "--schema-suffix=dev",
      "--table-prefix=tmp",
      "--database-suffix=sfx",
    ]);
    expect(essence(ours)).toEqual(essence(stock));
    expect(ours.tables.find((t) => t.target.name === "tmp_events_clean")?.target).toEqual(
      expect.objectContaining({ database: "other-project_sfx", schema: "alt_dev" }),
    );
    expect(ours.tables.find((t) => t.target.name === "tmp_events_clean")?.query).toContain("points >= 3");
  }, 120_000);

  it("leaves a project var named engine alone: every compile is BigQuery's", async () => {
    const dir = copyProject();
    const graph = await compileProject({ projectDir: dir, vars: { engine: "duckdb" } });
    expect(graph.projectConfig.vars.engine).toBe("duckdb");
    expect(graph.tables.find((t) => t.target.name === "events_by_weekday")!.query).toContain(
      "EXTRACT(DAYOFWEEK FROM game_date)",
    );
  });

  it("names the file and message of every graph error", async () => {
    const dir = copyProject();
    fs.writeFileSync(
      path.join(dir, "definitions/broken.sqlx"),
      `config { type: "table" }\nSELECT * FROM \${ref("no_such_table")}\n`,
    );
    fs.writeFileSync(
      path.join(dir, "definitions/bad_js.sqlx"),
      `config { type: "table" }\nSELECT \${undefinedMacro()} AS x\n`,
    );
    const error = await compileProject({ projectDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CompilationFailedError);
    const message = (error as Error).message;
    expect(message).toMatch(/definitions\/broken\.sqlx.*no_such_table/);
    expect(message).toMatch(/definitions\/bad_js\.sqlx.*undefinedMacro is not defined/);
  });

  it("compiles a project pinning another 3.x core with the project's own core, as the stock CLI does", async () => {
    const dir = tempDir("nbap-pinned-core-");
    try {
      fs.mkdirSync(path.join(dir, "definitions"));
      fs.writeFileSync(
        path.join(dir, "workflow_settings.yaml"),
        "dataformCoreVersion: 3.0.99\ndefaultProject: pinned\ndefaultLocation: US\ndefaultDataset: ds\n",
      );
      fs.writeFileSync(path.join(dir, "definitions/t.sqlx"), `config { type: "table" }\nSELECT 1 AS x\n`);
      // Core checks the pinned version against its own: ours (3.0.62) refuses it.
      await expect(compileProject({ projectDir: dir })).rejects.toThrow(
        /Version mismatch: workflow settings specifies version 3\.0\.99/,
      );
      // The project's own core: a copy of ours that calls itself 3.0.99 (the version core writes into the graph).
      const own = path.join(dir, "node_modules/@dataform/core");
      fs.cpSync(path.join(REPO, "node_modules/@dataform/core"), own, { recursive: true });
      const bundle = fs.readFileSync(path.join(own, "bundle.js"), "utf8");
      expect(bundle.split('t.version="3.0.62"')).toHaveLength(2);
      fs.writeFileSync(path.join(own, "bundle.js"), bundle.replace('t.version="3.0.62"', 't.version="3.0.99"'));
      fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ dependencies: { "@dataform/core": "3.0.99" } }),
      );
      const graph = await compileProject({ projectDir: dir });
      expect(graph.dataformCoreVersion).toBe("3.0.99");
      expect(graph.tables.map((t) => `${t.target.database}.${t.target.schema}.${t.target.name}`)).toEqual([
        "pinned.ds.t",
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a directory that is not a Dataform project", async () => {
    await expect(compileProject({ projectDir: path.join(REPO, "docs") })).rejects.toThrow(/not a Dataform project/);
  });
});
