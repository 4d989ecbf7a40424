import fs from "node:fs";
import path from "node:path";
import type { Config } from "../ts/config/config.ts";
import { DuckDbWarehouse } from "../ts/engine/duckdb-warehouse.ts";
import type { CompiledGraph } from "../ts/engine/graph.ts";
import { type Figure, measure, progress, type Sample } from "./measure.ts";
import type { Stage } from "./stages.ts";

/**
 * The backfill of the whole shipped range through every stage that exists, from an empty warehouse, `runs` times.
 * Returns the figures (per stage and total) and the warehouse of the last run, left full for the later figures.
 */
export async function backfillFigures(args: {
  stages: Stage[];
  graph: CompiledGraph;
  config: Config;
  dir: string;
  runs: number;
}): Promise<{ figures: Figure[]; warehouse: DuckDbWarehouse; rawRows: number; phaseRows: number; phaseMs: number }> {
  const { stages, graph, config, dir, runs } = args;
  const perStage = new Map<string, { samples: Sample[]; rows: number }>(
    stages.map((s) => [s.name, { samples: [], rows: 0 }]),
  );
  const totals: Sample[] = [];
  let warehouse: DuckDbWarehouse | null = null;
  for (let i = 0; i < runs; i++) {
    if (warehouse) await warehouse.close();
    const file = path.join(dir, "bench.duckdb");
    fs.rmSync(file, { force: true });
    fs.rmSync(`${file}.wal`, { force: true });
    warehouse = await DuckDbWarehouse.open(file, { maxConnections: config.concurrency.run + 1 });
    let total = 0;
    let peak = 0;
    for (const stage of stages) {
      progress(`backfill ${i + 1}/${runs}: ${stage.name}`);
      const w = warehouse;
      const r = await measure(() => stage.run({ warehouse: w, graph, config, dir, fullRefresh: true }));
      const entry = perStage.get(stage.name)!;
      entry.samples.push({ ms: r.ms, peakRssMb: r.peakRssMb });
      entry.rows = r.value.rows;
      total += r.ms;
      peak = Math.max(peak, r.peakRssMb);
    }
    totals.push({ ms: total, peakRssMb: peak });
  }
  const figures: Figure[] = stages.map((s) => {
    const { samples, rows } = perStage.get(s.name)!;
    return {
      group: "backfill",
      name: `backfill: ${s.name}`,
      runs: samples,
      note: `${rows.toLocaleString("en-US")} rows`,
      extra: { rows },
    };
  });
  const rawRows = perStage.get(stages[0]!.name)!.rows;
  const phaseStages = stages.slice(1);
  const phaseRows = phaseStages.reduce((n, s) => n + perStage.get(s.name)!.rows, 0);
  const phaseMs = phaseStages.reduce((n, s) => n + medianOf(perStage.get(s.name)!.samples), 0);
  figures.push({
    group: "backfill",
    name: `backfill: total (${stages.map((s) => s.name).join(" → ")})`,
    runs: totals,
    note: `${rawRows.toLocaleString("en-US")} raw rows in, ${phaseRows.toLocaleString("en-US")} rows written by the phases`,
    extra: { raw_rows: rawRows, rows_written: phaseRows },
  });
  return { figures, warehouse: warehouse!, rawRows, phaseRows, phaseMs };
}

const medianOf = (samples: Sample[]) =>
  [...samples.map((s) => s.ms)].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
