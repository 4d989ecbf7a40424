import fs from "node:fs";
import path from "node:path";
import type { Config } from "../ts/config/config.ts";
import type { DuckDbWarehouse } from "../ts/engine/duckdb-warehouse.ts";
import type { CompiledGraph } from "../ts/engine/graph.ts";
import { runGraph } from "../ts/engine/local-runner.ts";
import type { RunSummary } from "../ts/engine/outcome.ts";
import { predictionRange } from "../ts/predictions/prediction-range.ts";
import { ensurePredictionTable } from "../ts/predictions/prediction-table.ts";
import { predictWalkForward } from "../ts/predictions/walk-forward.ts";
import { listDataFiles, loadRawFiles } from "../ts/raw/load-raw.ts";

/**
 * The backfill as a list of stages, in pipeline order. A phase joins the bench with one line here: a graph stage
 * by its Dataform tag, or a custom stage (e.g. the prediction coordinator's batch over the whole range, issue 12).
 * A graph stage whose tag has no action in the compiled graph is left out of the run and the table.
 */
export interface StageEnv {
  warehouse: DuckDbWarehouse;
  graph: CompiledGraph;
  config: Config;
  /** Scratch directory of this run (quarantine and the like). */
  dir: string;
  /** true: rebuild from scratch (backfill); false: incremental on what is there. */
  fullRefresh: boolean;
}

export interface Stage {
  name: string;
  /** Tags of the graph this stage runs (used by the scaling and one-date figures); none for custom stages. */
  tags?: string[];
  /** Whether the stage exists on this checkout. */
  exists(graph: CompiledGraph): boolean;
  /** Runs the stage; returns the rows it wrote (or loaded). */
  run(env: StageEnv): Promise<{ rows: number; summary?: RunSummary }>;
}

export const rawLoadStage: Stage = {
  name: "raw load",
  exists: () => true,
  async run({ warehouse, config, dir }) {
    const loaded = await loadRawFiles(warehouse, listDataFiles(config.dataDir), {
      datasetPrefix: "",
      quarantineDir: `${dir}/quarantine`,
      dataDir: config.dataDir,
    });
    if (!loaded.ok) throw new Error("raw load failed");
    return { rows: loaded.tables.reduce((n, t) => n + t.rowsLoaded, 0) };
  },
};

export function graphStage(name: string, tags: string[]): Stage {
  return {
    name,
    tags,
    exists: (graph) =>
      [...graph.tables, ...graph.operations, ...graph.assertions].some((a) => a.tags.some((t) => tags.includes(t))),
    async run({ warehouse, graph, config, fullRefresh }) {
      const summary = mustSucceed(
        await runGraph(warehouse, graph, {
          tags,
          fullRefresh,
          historySchema: null,
          concurrency: config.concurrency.run,
        }),
        name,
      );
      return { rows: rowsWritten(summary), summary };
    },
  };
}

/**
 * The prediction coordinator over the shipped range, walk-forward, as the main job runs it: every monthly model is
 * trained anew (a fresh models directory per run), then one batch predicts every date. Not in the scaling figures:
 * replicated seasons have no real lines to predict against.
 */
export const predictionsStage: Stage = {
  name: "predictions",
  exists: (graph) => graph.tables.some((t) => t.target.name === "ml_feature_store"),
  async run({ warehouse, dir }) {
    await ensurePredictionTable(warehouse, "");
    const range = await predictionRange(warehouse, "");
    if (!range.ok) throw new Error(`predictions: ${range.reason}`);
    const modelsDir = fs.mkdtempSync(path.join(dir, "models-"));
    try {
      const result = await predictWalkForward(warehouse, {
        from: range.from,
        to: range.to,
        datasetPrefix: "",
        modelsDir,
      });
      if (result.summary.failed > 0) throw new Error(`predictions: ${result.summary.failed} player-games failed`);
      return { rows: result.summary.rowsWritten };
    } finally {
      fs.rmSync(modelsDir, { recursive: true, force: true });
    }
  },
};

export const BACKFILL_STAGES: Stage[] = [
  rawLoadStage,
  graphStage("phase 3", ["phase3"]),
  graphStage("phase 4", ["phase4"]),
  graphStage("prediction inputs", ["predictions"]),
  predictionsStage,
  graphStage("grading", ["grading"]),
];

export function mustSucceed(summary: RunSummary, what: string): RunSummary {
  const bad = summary.outcomes.filter((o) => o.status === "failed" || o.status === "skipped");
  if (bad.length > 0) throw new Error(`${what} failed: ${bad.map((o) => `${o.name}: ${o.error}`).join("; ")}`);
  return summary;
}

export const rowsWritten = (s: RunSummary): number =>
  s.outcomes
    .filter((o) => o.type === "table" || o.type === "incremental")
    .reduce((n, o) => n + (o.rowsAffected ?? 0), 0);

/** Rows touched per incremental model (rows the MERGE inserted, updated or deleted). */
export const rowsTouched = (s: RunSummary): Record<string, number> =>
  Object.fromEntries(s.outcomes.filter((o) => o.type === "incremental").map((o) => [o.name, o.rowsAffected ?? 0]));
