import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../../ts/config/config.ts";
import { compileProject } from "../../ts/engine/compile.ts";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import type { CompiledGraph } from "../../ts/engine/graph.ts";
import { runGraph } from "../../ts/engine/local-runner.ts";
import { listDataFiles, loadRawFiles } from "../../ts/raw/load-raw.ts";

export const REPO = path.resolve(import.meta.dirname, "../..");
export const DATA_DIR = loadConfig(REPO).dataDir;

/** The real season the analytics tests run on, and its run window. */
export const SEASON = "2023-24";
export const WINDOW = { start_date: "2023-10-01", end_date: "2024-06-30" };

function contentHash(): string {
  const h = createHash("sha256").update(SEASON).update(JSON.stringify(WINDOW));
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else h.update(p).update(fs.readFileSync(p));
    }
  };
  for (const dir of ["definitions", "includes", "ts/raw", "ts/engine"]) walk(path.join(REPO, dir));
  return h.digest("hex").slice(0, 16);
}

export function seasonFiles(season = SEASON): string[] {
  return listDataFiles(DATA_DIR).filter(
    (f) => f.includes(`${path.sep}reference${path.sep}`) || path.basename(f).startsWith(season),
  );
}

export async function compileForTests(vars: Record<string, string> = {}): Promise<CompiledGraph> {
  return compileProject({ projectDir: REPO, vars: { engine: "duckdb", ...WINDOW, ...vars } });
}

/**
 * A DuckDB file with one real season imported through the raw loaders and phase 3 built over it. Built once per
 * content of the models and loaders (cached in the temp dir); each caller gets its own copy to read or change.
 */
export async function phase3Warehouse(): Promise<{ warehouse: DuckDbWarehouse; file: string; graph: CompiledGraph }> {
  const cached = path.join(os.tmpdir(), `nba-props-phase3-${contentHash()}.duckdb`);
  const graph = await compileForTests();
  if (!fs.existsSync(cached)) {
    const building = `${cached}.${process.pid}.building`;
    const w = await DuckDbWarehouse.open(building);
    const loaded = await loadRawFiles(w, seasonFiles(), {
      datasetPrefix: "",
      quarantineDir: fs.mkdtempSync(path.join(os.tmpdir(), "nbap-q-")),
      dataDir: DATA_DIR,
    });
    if (!loaded.ok) throw new Error(`fixture import failed: ${JSON.stringify(loaded.tables)}`);
    const run = await runGraph(w, graph, { tags: ["phase3"], includeDeps: true, historySchema: null });
    await w.close();
    if (!run.ok)
      throw new Error(
        `fixture phase 3 run failed: ${run.outcomes
          .filter((o) => o.status !== "succeeded")
          .map((o) => `${o.name}: ${o.error}`)
          .join("; ")}`,
      );
    fs.renameSync(building, cached);
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "nbap-a-")), "w.duckdb");
  fs.copyFileSync(cached, file);
  return { warehouse: await DuckDbWarehouse.open(file), file, graph };
}
