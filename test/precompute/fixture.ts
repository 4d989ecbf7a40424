import path from "node:path";
import { compileProject } from "../../ts/engine/compile.ts";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import type { CompiledGraph } from "../../ts/engine/graph.ts";
import { type RunOptions, runGraph } from "../../ts/engine/local-runner.ts";
import type { RunSummary } from "../../ts/engine/outcome.ts";
import { DATA_DIR, phase3Warehouse, REPO, SEASON } from "../analytics/fixture.ts";

export { DATA_DIR, REPO, SEASON };

/** The phase 4 window of the tests: a week of the real 2023-24 season. */
export const P4_WINDOW = { start_date: "2024-01-10", end_date: "2024-01-16" };

export async function compileWith(vars: Record<string, string>): Promise<CompiledGraph> {
  return compileProject({ projectDir: REPO, vars: { engine: "duckdb", ...vars } });
}

export async function runOrThrow(w: DuckDbWarehouse, graph: CompiledGraph, options: RunOptions): Promise<RunSummary> {
  const summary = await runGraph(w, graph, { historySchema: null, ...options });
  const bad = summary.outcomes.filter((o) => o.status !== "succeeded");
  if (bad.length > 0)
    throw new Error(`run failed: ${bad.map((o) => `${o.name}: ${o.status} ${o.error ?? ""}`).join("; ")}`);
  return summary;
}

/**
 * The analytics fixture (the real 2023-24 season imported, phase 3 built over it; a private copy) with phase 4 run
 * over P4_WINDOW. `dir` is the copy's directory, for the caller to remove.
 */
export async function phase4Warehouse(): Promise<{ warehouse: DuckDbWarehouse; file: string; dir: string }> {
  const { warehouse, file } = await phase3Warehouse();
  await runOrThrow(warehouse, await compileWith(P4_WINDOW), { tags: ["phase4"] });
  return { warehouse, file, dir: path.dirname(file) };
}
