import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { compileProject } from "../../ts/engine/compile.ts";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import type { CompiledGraph } from "../../ts/engine/graph.ts";
import { runGraph, type RunOptions } from "../../ts/engine/local-runner.ts";
import type { RunSummary } from "../../ts/engine/outcome.ts";
import { loadRawFiles } from "../../ts/raw/load-raw.ts";
import { DATA_DIR, REPO, SEASON, WINDOW, seasonFiles } from "../analytics/fixture.ts";

export { DATA_DIR, REPO, SEASON };

/** The phase 4 window of the tests: a week of the real 2023-24 season. */
export const P4_WINDOW = { start_date: "2024-01-10", end_date: "2024-01-16" };

/** Files phase 3 is built from: its cache must not be invalidated by edits to phase 4. */
function phase3Key(): string {
  const h = createHash("sha256").update(SEASON).update(JSON.stringify(WINDOW));
  const skip = (p: string) => /precompute|[\\/]processing[\\/]/.test(p);
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (!skip(p)) h.update(p).update(fs.readFileSync(p));
    }
  };
  for (const dir of ["definitions", "includes", "assertions", "ts/raw", "ts/engine"]) walk(path.join(REPO, dir));
  return h.digest("hex").slice(0, 16);
}

export async function compileWith(vars: Record<string, string>): Promise<CompiledGraph> {
  return compileProject({ projectDir: REPO, vars: { engine: "duckdb", ...vars } });
}

export async function runOrThrow(w: DuckDbWarehouse, graph: CompiledGraph, options: RunOptions): Promise<RunSummary> {
  const summary = await runGraph(w, graph, { historySchema: null, ...options });
  const bad = summary.outcomes.filter((o) => o.status !== "succeeded");
  if (bad.length > 0) throw new Error(`run failed: ${bad.map((o) => `${o.name}: ${o.status} ${o.error ?? ""}`).join("; ")}`);
  return summary;
}

/**
 * A DuckDB file with the real 2023-24 season imported and phase 3 built over it (cached in the temp dir per content
 * of the phase 3 sources), then phase 4 run over P4_WINDOW. Each caller gets its own copy.
 */
export async function phase4Warehouse(): Promise<{ warehouse: DuckDbWarehouse; file: string; dir: string }> {
  const cached = path.join(os.tmpdir(), `nba-props-p4base-${phase3Key()}.duckdb`);
  if (!fs.existsSync(cached)) {
    const building = `${cached}.${process.pid}.building`;
    const w = await DuckDbWarehouse.open(building);
    const quarantine = fs.mkdtempSync(path.join(os.tmpdir(), "nbap-q-"));
    const loaded = await loadRawFiles(w, seasonFiles(), { datasetPrefix: "", quarantineDir: quarantine, dataDir: DATA_DIR });
    fs.rmSync(quarantine, { recursive: true, force: true });
    if (!loaded.ok) throw new Error(`fixture import failed: ${JSON.stringify(loaded.tables)}`);
    await runOrThrow(w, await compileWith(WINDOW), { tags: ["phase3"], includeDeps: true });
    await w.close();
    fs.renameSync(building, cached);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nbap-p4-"));
  const file = path.join(dir, "w.duckdb");
  fs.copyFileSync(cached, file);
  const warehouse = await DuckDbWarehouse.open(file);
  await runOrThrow(warehouse, await compileWith(P4_WINDOW), { tags: ["phase4"] });
  return { warehouse, file, dir };
}
