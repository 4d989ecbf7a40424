import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { type Action, buildActions } from "./actions.ts";
import { type CompileOptions, compileProject, listProjectFiles } from "./compile.ts";
import { DUCKDB_PRELUDE } from "./dialect/prelude.ts";
import { createSchema, createTableAs, tableSql } from "./dml.ts";
import { DuckDbWarehouse } from "./duckdb-warehouse.ts";
import { executeAction } from "./execute-action.ts";
import type { CompiledGraph } from "./graph.ts";
import { prepareLocalSql } from "./local-sql.ts";
import { planAction } from "./plan.ts";
import { diffRows, formatDiff } from "./row-diff.ts";
import { StatementTranslator } from "./statement-translator.ts";
import { warehouseColumns } from "./warehouse-columns.ts";

export interface UnitTestResult {
  name: string;
  file: string;
  kind: "dataform" | "incremental";
  ok: boolean;
  message?: string;
  durationMs: number;
}

/**
 * Tests of incremental tables, which Dataform's own `type: "test"` rejects. One JSON file per test,
 * `definitions/**\/*.incremental-test.json` (the stock compiler ignores .json files). Every SQL string is BigQuery.
 */
const IncrementalTestSchema = z.object({
  description: z.string().optional(),
  action: z.string().min(1),
  vars: z.record(z.string(), z.string()).optional(),
  inputs: z.record(z.string(), z.string()),
  self: z.string().optional(),
  expect: z
    .object({ query: z.string(), incrementalQuery: z.string(), afterMerge: z.string() })
    .partial()
    .refine((e) => Object.keys(e).length > 0, "expect needs at least one of query, incrementalQuery, afterMerge"),
});
export type IncrementalTest = z.infer<typeof IncrementalTestSchema>;

const INCREMENTAL_TEST_SUFFIX = ".incremental-test.json";

async function withScratchWarehouse<T>(fn: (w: DuckDbWarehouse) => Promise<T>): Promise<T> {
  const w = await DuckDbWarehouse.open(":memory:");
  try {
    for (const statement of DUCKDB_PRELUDE) await w.execute(statement);
    return await fn(w);
  } finally {
    await w.close();
  }
}

/** One BigQuery statement in DuckDB form, through the allowlist. */
async function single(t: StatementTranslator, sql: string, origin: { action: string; file: string }): Promise<string> {
  const { duckdb } = await t.translate(sql, origin);
  if (duckdb.length !== 1) throw new Error(`${origin.file}: expected one statement, found ${duckdb.length}`);
  return duckdb[0]!;
}

async function compare(
  t: StatementTranslator,
  w: DuckDbWarehouse,
  actualSql: string,
  expectedSql: string,
  origin: { action: string; file: string },
): Promise<string | undefined> {
  const expected = await single(t, expectedSql, origin);
  const actual = await w.query(actualSql);
  const diff = diffRows(await w.query(expected!), actual);
  return diff.equal ? undefined : formatDiff(diff);
}

async function runDataformTest(t: StatementTranslator, test: CompiledGraph["tests"][number]): Promise<UnitTestResult> {
  const started = Date.now();
  const origin = { action: test.name, file: test.fileName };
  try {
    const message = await withScratchWarehouse(async (w) => {
      const query = await single(t, test.testQuery, origin);
      return compare(t, w, query, test.expectedOutputQuery, origin);
    });
    return {
      name: test.name,
      file: test.fileName,
      kind: "dataform",
      ok: !message,
      message,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    return {
      name: test.name,
      file: test.fileName,
      kind: "dataform",
      ok: false,
      message: (error as Error).message,
      durationMs: Date.now() - started,
    };
  }
}

function findAction(actions: Action[], name: string, file: string): Action {
  const found = actions.filter((a) => a.name === name || a.target.name === name);
  if (found.length !== 1)
    throw new Error(`${file}: ${found.length === 0 ? "no" : "more than one"} action named "${name}"`);
  return found[0]!;
}

async function runIncrementalTest(
  t: StatementTranslator,
  file: string,
  spec: IncrementalTest,
  options: CompileOptions,
  projectGraph: CompiledGraph,
): Promise<UnitTestResult> {
  const started = Date.now();
  const name = path.basename(file, INCREMENTAL_TEST_SUFFIX);
  const result = (ok: boolean, message?: string): UnitTestResult => ({
    name,
    file,
    kind: "incremental",
    ok,
    message,
    durationMs: Date.now() - started,
  });
  try {
    const graph = spec.vars
      ? await compileProject({ ...options, vars: { ...options.vars, ...spec.vars } })
      : projectGraph;
    const actions = buildActions(graph);
    const target = findAction(actions, spec.action, file);
    if (target.type !== "incremental")
      throw new Error(`${file}: ${target.name} is a ${target.type}, not an incremental table`);
    const origin = { action: target.name, file };
    const failures = await withScratchWarehouse(async (w) => {
      for (const [inputName, sql] of Object.entries(spec.inputs)) {
        const input = findAction(actions, inputName, file);
        await w.execute(createSchema(input.target.schema));
        await w.execute(
          createTableAs({ schema: input.target.schema, name: input.target.name }, await single(t, sql, origin)),
        );
      }
      const sql = await prepareLocalSql(graph, actions, {
        selected: new Set([target.name]),
        datasetPrefix: "",
        projectDir: options.projectDir,
        declarationColumns: await warehouseColumns(w, "", graph),
      });
      const plan = planAction(target, "", sql);
      const messages: string[] = [];
      const check = async (label: string, actualSql: string, expectedSql: string | undefined) => {
        if (expectedSql === undefined) return;
        const diff = await compare(t, w, actualSql, expectedSql, origin);
        if (diff) messages.push(`${label} differs:\n${diff}`);
      };
      await check("query (full refresh)", plan.query!, spec.expect.query);
      await w.execute(createSchema(plan.ref.schema));
      if (spec.self !== undefined) await w.execute(createTableAs(plan.ref, await single(t, spec.self, origin)));
      await check("incrementalQuery", plan.incremental!.query, spec.expect.incrementalQuery);
      if (spec.expect.afterMerge !== undefined) {
        if (spec.self === undefined)
          throw new Error(`${file}: expect.afterMerge needs "self" (the table before the run)`);
        await w.transaction((s) => executeAction(s, plan, { fullRefresh: false, stageName: "nbap_test_stage" }));
        await check("table after the incremental run", `SELECT * FROM ${tableSql(plan.ref)}`, spec.expect.afterMerge);
      }
      return messages;
    });
    return result(failures.length === 0, failures.join("\n") || undefined);
  } catch (error) {
    return result(false, (error as Error).message);
  }
}

export function readIncrementalTests(projectDir: string): { file: string; spec?: IncrementalTest; error?: string }[] {
  return listProjectFiles(projectDir)
    .filter((f) => f.endsWith(INCREMENTAL_TEST_SUFFIX))
    .map((file) => {
      try {
        const parsed = IncrementalTestSchema.safeParse(
          JSON.parse(fs.readFileSync(path.join(projectDir, file), "utf8")),
        );
        if (parsed.success) return { file, spec: parsed.data };
        return {
          file,
          error: parsed.error.issues.map((i) => `${i.path.join(".") || "<root>"}: ${i.message}`).join("; "),
        };
      } catch (error) {
        return { file, error: `invalid JSON: ${(error as Error).message}` };
      }
    });
}

/** Runs the project's Dataform unit tests and incremental-table tests, each in its own scratch DuckDB. */
export async function runUnitTests(options: CompileOptions): Promise<UnitTestResult[]> {
  const graph = await compileProject(options);
  const results: UnitTestResult[] = [];
  const translator = await StatementTranslator.start();
  try {
    for (const test of graph.tests.filter((t) => !t.disabled)) results.push(await runDataformTest(translator, test));
    for (const { file, spec, error } of readIncrementalTests(options.projectDir)) {
      results.push(
        spec
          ? await runIncrementalTest(translator, file, spec, options, graph)
          : { name: path.basename(file), file, kind: "incremental", ok: false, message: error, durationMs: 0 },
      );
    }
  } finally {
    await translator.close();
  }
  return results;
}
