/**
 * `npm run bench`: the performance figures of the whole pipeline on the shipped data, side by side in one run.
 * Prints one table and writes bench/results.json (machine, versions, date, every figure) and the scaling plot
 * docs/performance-scaling.svg. Each figure is the median of BENCH_RUNS runs (default 3) with min and max; the
 * scaling sizes run BENCH_SCALE_RUNS times each (default 1). Not a test: no speed is asserted, but wrong results
 * (per-entity rows differing from set-based rows, an unchanged rerun touching rows) fail the run.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { textTable } from "../ts/cli/render.ts";
import { loadConfig } from "../ts/config/config.ts";
import { compileProject, resolveCoreDir } from "../ts/engine/compile.ts";
import type { CompiledGraph } from "../ts/engine/graph.ts";
import { backfillFigures } from "./backfill.ts";
import { compileFigures } from "./compile-time.ts";
import { changedPlayerFigure, oneDateFigure, unchangedRerunFigure } from "./daily.ts";
import { lowerBoundFigures } from "./lower-bound.ts";
import { type Figure, median, progress } from "./measure.ts";
import { type ScalePoint, scalingFigures } from "./scaling.ts";
import { scalingSvg } from "./scaling-plot.ts";
import { setVsEntityFigures } from "./set-vs-entity.ts";
import { BACKFILL_STAGES } from "./stages.ts";

const REPO = path.resolve(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SCALE_RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 1);
const SCALES = (process.env.BENCH_SCALES ?? "1,2,4,8").split(",").map(Number);
const FULL = { start_date: "2021-10-01", end_date: "2025-06-30" };
/** The per-entity comparison runs on a slice: one query per player-game of the whole range would take hours. */
const SLICE = {
  start_date: process.env.BENCH_SLICE_START ?? "2023-10-25",
  end_date: process.env.BENCH_SLICE_END ?? "2023-10-26",
};
const ONE_DATE = process.env.BENCH_ONE_DATE ?? "2024-01-15";
const SVG = path.join(REPO, "docs", "performance-scaling.svg");

const compile = (vars: Record<string, string>): Promise<CompiledGraph> => compileProject({ projectDir: REPO, vars });

type Scaling = { points: ScalePoint[]; slope: number };

async function main(): Promise<void> {
  const config = loadConfig(REPO);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nba-props-bench-"));
  const figures: Figure[] = [];
  let scaling: Scaling = { points: [], slope: NaN };
  // results.json is rewritten after every group, so a failure late in the run keeps the figures measured before it
  const add = async (group: Figure[] | Promise<Figure[]>) => {
    figures.push(...(await group));
    await writeResults(figures, scaling);
  };
  try {
    const full = await compile(FULL);
    const stages = BACKFILL_STAGES.filter((s) => s.exists(full));
    const tags = stages.flatMap((s) => s.tags ?? []);
    const backfill = await backfillFigures({ stages, graph: full, config, dir, runs: RUNS });
    await add(backfill.figures);
    const w = backfill.warehouse;
    try {
      const oneDate = await compile({ start_date: ONE_DATE, end_date: ONE_DATE });
      await add([await oneDateFigure(w, oneDate, tags, config, RUNS, ONE_DATE)]);
      await add([await changedPlayerFigure(w, full, tags, config, RUNS, ONE_DATE)]);
      await add([await unchangedRerunFigure(w, full, tags, config, RUNS)]);
      await add(setVsEntityFigures(w, compile, SLICE, RUNS));
      await add(lowerBoundFigures(w, full, RUNS, backfill.phaseMs));
      const scaled = await scalingFigures({
        from: w,
        stages,
        compile,
        base: FULL,
        config,
        dir,
        scales: SCALES,
        runs: SCALE_RUNS,
      });
      scaling = scaled;
      await add(scaled.figures);
    } finally {
      await w.close();
    }
    await add(compileFigures(REPO, RUNS));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const result = await writeResults(figures, scaling);
  if (scaling.points.length > 1) fs.writeFileSync(SVG, scalingSvg(scaling.points));
  printTable(result, scaling);
}

async function writeResults(figures: Figure[], scaling: Scaling) {
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpu_model: os.cpus()[0]?.model ?? "",
      memory_gb: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()}-${os.arch()}`,
      load_average_1m_at_end: Number(os.loadavg()[0]!.toFixed(1)),
    },
    versions: {
      node: process.version,
      duckdb: (await import("@duckdb/node-api")).version(),
      dataform_core: JSON.parse(fs.readFileSync(path.join(resolveCoreDir(REPO), "package.json"), "utf8")).version,
    },
    runs_per_figure: RUNS,
    scale_runs: SCALE_RUNS,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    reference_phase3_backfill_hours: [15, 30],
    figures: figures.map((f) => ({
      group: f.group,
      name: f.name,
      unit: "s",
      median: round(median(f.runs.map((r) => r.ms)) / 1000),
      min: round(Math.min(...f.runs.map((r) => r.ms)) / 1000),
      max: round(Math.max(...f.runs.map((r) => r.ms)) / 1000),
      peak_rss_mb: Math.max(...f.runs.map((r) => r.peakRssMb)),
      note: f.note,
      ...f.extra,
    })),
    scaling: { points: scaling.points, log_log_slope: scaling.slope },
  };
  const phase3 = result.figures.find((f) => f.name === "backfill: phase 3");
  if (phase3) Object.assign(phase3, { ratio_to_reference_best_case: Math.round((15 * 3600) / phase3.median) });
  for (const f of result.figures as ((typeof result.figures)[number] & { rows?: number })[]) {
    if (f.group === "backfill" && typeof f.rows === "number" && f.median > 0)
      Object.assign(f, { rows_per_second: Math.round(f.rows / f.median) });
  }
  fs.writeFileSync(path.join(REPO, "bench/results.json"), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

function printTable(result: Awaited<ReturnType<typeof writeResults>>, scaling: Scaling): void {
  const known = new Set(["group", "name", "unit", "median", "min", "max", "note", "peak_rss_mb"]);
  const table = textTable(
    ["figure", "median s", "min s", "max s", "peak RSS MB", "notes"],
    result.figures.map((f) => [
      f.name,
      f.median.toFixed(3),
      f.min.toFixed(3),
      f.max.toFixed(3),
      f.peak_rss_mb,
      [
        f.note,
        ...Object.entries(f)
          .filter(([k]) => !known.has(k))
          .map(([k, v]) => `${k}=${v}`),
      ].join("; "),
    ]),
  );
  process.stdout.write(
    `${table}\n\nscaling: time per row ${scaling.points.map((p) => `${p.scale}× ${p.us_per_row.toFixed(1)} µs`).join(", ")}; log-log slope ${scaling.slope}\n` +
      `peak RSS ${result.peak_rss_mb} MB; ${RUNS} runs per figure; ${result.machine.cpus} cores; load ${result.machine.load_average_1m_at_end}; Node ${process.version}; DuckDB ${result.versions.duckdb}\n` +
      `written to bench/results.json${scaling.points.length > 1 ? " and docs/performance-scaling.svg" : ""}\n`,
  );
}

const round = (x: number) => Number(x.toFixed(3));

await main();
progress("done");
