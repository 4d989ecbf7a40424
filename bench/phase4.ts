/**
 * Phase 4 performance figures on the shipped data: the set-based backfill of the whole range, an unchanged
 * incremental rerun, and one changed player (time, entities recomputed vs skipped, from
 * nba_processing.reprocessing_stats). `phase4Figures()` returns them for the bench runner; `tsx bench/phase4.ts`
 * prints them alone. Not a test: nothing asserts a speed, but a wrong skip count fails the run.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { loadConfig } from "../ts/config/config.ts";
import { compileProject } from "../ts/engine/compile.ts";
import { DuckDbWarehouse } from "../ts/engine/duckdb-warehouse.ts";
import type { CompiledGraph } from "../ts/engine/graph.ts";
import { type RunOptions, runGraph } from "../ts/engine/local-runner.ts";
import type { RunSummary } from "../ts/engine/outcome.ts";
import { listDataFiles, loadRawFiles } from "../ts/raw/load-raw.ts";

const REPO = path.resolve(import.meta.dirname, "..");
const FULL = { start_date: "2021-10-01", end_date: "2025-06-30" };
const CHANGED_ON = process.env.BENCH_PHASE4_CHANGED_ON ?? "2024-01-09";
const PHASE4_MODELS = [
  "team_defense_zone_analysis",
  "player_shot_zone_analysis",
  "player_daily_cache",
  "player_composite_factors",
  "ml_feature_store",
];

export interface Phase4Figure {
  name: string;
  runs: number[];
  unit: string;
  note: string;
  extra?: Record<string, number | string | boolean>;
}

interface Stats {
  processor_name: string;
  entities_considered: number;
  entities_recomputed: number;
  entities_skipped: number;
  entities_failed: number;
}

function mustSucceed(summary: RunSummary, what: string): RunSummary {
  const bad = summary.outcomes.filter((o) => o.status === "failed" || o.status === "skipped");
  if (bad.length > 0) throw new Error(`${what} failed: ${bad.map((o) => `${o.name}: ${o.error}`).join("; ")}`);
  return summary;
}

async function timed(fn: () => Promise<RunSummary>, what: string): Promise<{ ms: number; summary: RunSummary }> {
  const t0 = performance.now();
  const summary = mustSucceed(await fn(), what);
  return { ms: performance.now() - t0, summary };
}

const compile = (vars: Record<string, string>): Promise<CompiledGraph> => compileProject({ projectDir: REPO, vars });

/** The counts each model appended in its latest run. */
async function latestStats(w: DuckDbWarehouse): Promise<Stats[]> {
  const rows = await w.query<Record<string, unknown>>(
    `SELECT processor_name, entities_considered, entities_recomputed, entities_skipped, entities_failed
     FROM nba_processing.reprocessing_stats
     QUALIFY row_number() OVER (PARTITION BY processor_name ORDER BY recorded_at DESC) = 1`,
  );
  return rows.map((r) => ({
    processor_name: String(r.processor_name),
    entities_considered: Number(r.entities_considered),
    entities_recomputed: Number(r.entities_recomputed),
    entities_skipped: Number(r.entities_skipped),
    entities_failed: Number(r.entities_failed),
  }));
}

const total = (stats: Stats[], key: keyof Omit<Stats, "processor_name">) => stats.reduce((n, s) => n + s[key], 0);
const perModel = (stats: Stats[]) =>
  Object.fromEntries(stats.map((s) => [`recomputed_${s.processor_name}`, s.entities_recomputed]));

/**
 * Builds a warehouse from the shipped data (import and phase 3 not timed), then measures phase 4. The warehouse
 * lives in a temp directory removed at the end.
 */
export async function phase4Figures(
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<Phase4Figure[]> {
  const config = loadConfig(REPO);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nba-props-bench4-"));
  const w = await DuckDbWarehouse.open(path.join(dir, "bench.duckdb"), { maxConnections: config.concurrency.run + 1 });
  const run: RunOptions = { historySchema: null, concurrency: config.concurrency.run };
  const figures: Phase4Figure[] = [];
  try {
    log(`bench phase 4: importing the shipped data and building phase 3 in ${dir} (not timed)`);
    const imported = await loadRawFiles(w, listDataFiles(config.dataDir), {
      datasetPrefix: "",
      quarantineDir: path.join(dir, "q"),
      dataDir: config.dataDir,
    });
    if (!imported.ok) throw new Error("import failed");
    const full = await compile(FULL);
    mustSucceed(await runGraph(w, full, { ...run, tags: ["phase3"], includeDeps: true }), "phase 3");

    log("bench phase 4: backfill of the whole shipped range");
    const backfill = await timed(
      () => runGraph(w, full, { ...run, tags: ["phase4"], fullRefresh: true }),
      "phase 4 backfill",
    );
    const rows = backfill.summary.outcomes
      .filter((o) => PHASE4_MODELS.includes(o.name.split(".")[1]!))
      .reduce((n, o) => n + (o.rowsAffected ?? 0), 0);
    const built = await latestStats(w);
    figures.push({
      name: "phase 4 backfill, whole shipped range (set-based, 5 models + failures, issues, assertions)",
      runs: [backfill.ms],
      unit: "s",
      note: `${rows} rows in the five tables`,
      extra: {
        rows,
        entities_considered: total(built, "entities_considered"),
        entities_failed: total(built, "entities_failed"),
        rows_per_second: Math.round(rows / (backfill.ms / 1000)),
      },
    });

    log("bench phase 4: unchanged incremental rerun of the whole range");
    const rerun = await timed(() => runGraph(w, full, { ...run, tags: ["phase4"] }), "phase 4 rerun");
    const unchanged = await latestStats(w);
    if (total(unchanged, "entities_recomputed") !== 0)
      throw new Error(`an unchanged rerun recomputed ${total(unchanged, "entities_recomputed")} entities`);
    figures.push({
      name: "phase 4 unchanged rerun, whole range (everything skipped)",
      runs: [rerun.ms],
      unit: "s",
      note: `skipped ${total(unchanged, "entities_skipped")} of ${total(unchanged, "entities_considered")}`,
      extra: { entities_skipped: total(unchanged, "entities_skipped"), entities_recomputed: 0 },
    });

    log(`bench phase 4: one player's box score of ${CHANGED_ON} changes; phase 3 and phase 4 incremental`);
    const [target] = await w.query<{ game_id: string; player_id: string }>(
      `SELECT game_id, player_id FROM nba_raw.player_box_scores WHERE game_date = CAST($d AS DATE) AND fga > 0 ORDER BY minutes DESC, player_id LIMIT 1`,
      { params: { d: CHANGED_ON } },
    );
    await w.execute(
      `UPDATE nba_raw.player_box_scores SET minutes = minutes + 2 WHERE game_id = $g AND player_id = $p`,
      { params: { g: target!.game_id, p: target!.player_id } },
    );
    const phase3 = await timed(
      async () =>
        runGraph(w, await compile({ start_date: CHANGED_ON, end_date: FULL.end_date }), { ...run, tags: ["phase3"] }),
      "phase 3 incremental",
    );
    const changed = await timed(() => runGraph(w, full, { ...run, tags: ["phase4"] }), "phase 4 incremental");
    const after = await latestStats(w);
    const recomputed = total(after, "entities_recomputed");
    if (
      recomputed === 0 ||
      after.find((s) => s.processor_name === "team_defense_zone_analysis")!.entities_recomputed !== 0
    ) {
      throw new Error(`one changed player: unexpected recomputation ${JSON.stringify(after)}`);
    }
    figures.push({
      name: "phase 4 incremental after one changed player (whole range)",
      runs: [changed.ms],
      unit: "s",
      note: `recomputed ${recomputed}, skipped ${total(after, "entities_skipped")} of ${total(after, "entities_considered")}`,
      extra: {
        entities_recomputed: recomputed,
        entities_skipped: total(after, "entities_skipped"),
        phase3_incremental_s: Number((phase3.ms / 1000).toFixed(3)),
        ...perModel(after),
      },
    });
  } finally {
    await w.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const figures = await phase4Figures();
  process.stdout.write(
    `${JSON.stringify({ date: new Date().toISOString(), peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024), figures }, null, 2)}\n`,
  );
}
