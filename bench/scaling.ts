import fs from "node:fs";
import path from "node:path";
import type { Config } from "../ts/config/config.ts";
import { DuckDbWarehouse } from "../ts/engine/duckdb-warehouse.ts";
import type { CompiledGraph } from "../ts/engine/graph.ts";
import { type Figure, medianMs, progress, repeat } from "./measure.ts";
import { exportRaw, loadReplicated, scaledWindow } from "./replicate.ts";
import type { Stage } from "./stages.ts";

export interface ScalePoint {
  scale: number;
  raw_rows: number;
  median_s: number;
  us_per_row: number;
  peak_rss_mb: number;
}

/**
 * The phases' backfill on 1×, 2×, 4×, 8× the shipped data (replicated in a scratch warehouse under dir, removed
 * after): time per raw row at each size, the log-log slope of time against rows (1 = linear), and peak RSS.
 */
export async function scalingFigures(args: {
  from: DuckDbWarehouse;
  stages: Stage[];
  compile: (vars: Record<string, string>) => Promise<CompiledGraph>;
  base: { start_date: string; end_date: string };
  config: Config;
  dir: string;
  scales: number[];
  runs: number;
}): Promise<{ figures: Figure[]; points: ScalePoint[]; slope: number }> {
  const { from, stages, compile, base, config, dir, scales, runs } = args;
  const parquetDir = fs.mkdtempSync(path.join(dir, "raw-"));
  const tables = await exportRaw(from, parquetDir);
  const figures: Figure[] = [];
  const points: ScalePoint[] = [];
  for (const scale of scales) {
    const file = path.join(dir, `scale-${scale}.duckdb`);
    const w = await DuckDbWarehouse.open(file, { maxConnections: config.concurrency.run + 1 });
    try {
      progress(`scaling ${scale}×: replicating the raw tables`);
      const rawRows = await loadReplicated(w, parquetDir, tables, scale);
      const graph = await compile(scaledWindow(base, scale));
      const graphStages = scalingStages(stages).filter((s) => s.exists(graph));
      const { samples } = await repeat(runs, async (i) => {
        for (const s of graphStages) {
          progress(`scaling ${scale}× ${i + 1}/${runs}: ${s.name}`);
          await s.run({ warehouse: w, graph, config, dir, fullRefresh: true });
        }
      });
      const ms = medianMs(samples);
      const peak = Math.max(...samples.map((s) => s.peakRssMb));
      points.push({
        scale,
        raw_rows: rawRows,
        median_s: ms / 1000,
        us_per_row: (ms * 1000) / rawRows,
        peak_rss_mb: peak,
      });
      figures.push({
        group: "scaling",
        name: `scaling ${scale}×: backfill of ${graphStages.map((s) => s.name).join(", ")}`,
        runs: samples,
        note: `${rawRows.toLocaleString("en-US")} raw rows, ${((ms * 1000) / rawRows).toFixed(1)} µs per row`,
        extra: { scale, raw_rows: rawRows, us_per_row: Number(((ms * 1000) / rawRows).toFixed(2)) },
      });
    } finally {
      await w.close();
      fs.rmSync(file, { force: true });
      fs.rmSync(`${file}.wal`, { force: true });
    }
  }
  fs.rmSync(parquetDir, { recursive: true, force: true });
  return { figures, points, slope: logLogSlope(points) };
}

/**
 * The stages scaled: the graph stages before the first custom stage after the raw load (whose copies are made in
 * SQL). The prediction stage is left out (replicated seasons have no real lines to predict against, and its monthly
 * fits would dominate the figure), and with it the grading that grades its output.
 */
export function scalingStages(stages: Stage[]): Stage[] {
  const firstCustom = stages.findIndex((s, i) => i > 0 && !s.tags);
  return (firstCustom < 0 ? stages : stages.slice(0, firstCustom)).filter((s) => s.tags);
}

/** Least-squares slope of log(time) against log(rows): 1 = time grows linearly with the data. */
export function logLogSlope(points: { raw_rows: number; median_s: number }[]): number {
  if (points.length < 2) return NaN;
  const xs = points.map((p) => Math.log(p.raw_rows));
  const ys = points.map((p) => Math.log(p.median_s));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const num = xs.reduce((n, x, i) => n + (x - mx) * (ys[i]! - my), 0);
  const den = xs.reduce((n, x) => n + (x - mx) ** 2, 0);
  return Number((num / den).toFixed(3));
}
