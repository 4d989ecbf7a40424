import fs from "node:fs";
import type { Warehouse } from "../engine/warehouse.ts";
import { type BatchSummary, type PredictOptions, predictRange } from "./coordinator.ts";
import { artefactPath, type ModelArtefact, readArtefact } from "./model/artefact.ts";
import { type TrainedModel, trainCutoffs } from "./model/train.ts";
import { featureDates } from "./prediction-range.ts";
import { MARKETS, type Market } from "./types.ts";

/**
 * Retraining cadence: monthly. A game dated D is predicted by the models whose cut-off is the first day of D's
 * month, trained only on games dated before that cut-off (so a model never sees its month's games).
 */
export function cutoffFor(gameDate: string): string {
  return `${gameDate.slice(0, 7)}-01`;
}

/** The cut-offs the given game dates need, oldest first: one per month that has games (none for the off-season). */
export function cutoffsFor(gameDates: string[]): string[] {
  return [...new Set(gameDates.map(cutoffFor))].sort();
}

export interface WalkForwardResult {
  summary: BatchSummary;
  trained: TrainedModel[];
  cutoffs: string[];
}

/** `nba-props predict --from A --to B`: trains the missing monthly models, then predicts the range in one batch. */
export async function predictWalkForward(
  warehouse: Warehouse,
  options: {
    from: string;
    to: string;
    datasetPrefix: string;
    modelsDir: string;
    correlationId?: string;
    train?: boolean;
    onFitted?: (fit: TrainedModel, done: number, total: number) => void;
    onProgress?: PredictOptions["onProgress"];
  },
): Promise<WalkForwardResult> {
  const cutoffs = cutoffsFor(await featureDates(warehouse, options.datasetPrefix, options.from, options.to));
  const missing = cutoffs.filter((c) => MARKETS.some((m) => !fs.existsSync(artefactPath(options.modelsDir, m, c))));
  const trained =
    options.train === false
      ? []
      : await trainCutoffs(warehouse, {
          cutoffs: missing,
          datasetPrefix: options.datasetPrefix,
          modelsDir: options.modelsDir,
          onFitted: options.onFitted,
        });
  const models = new Map<string, Partial<Record<Market, ModelArtefact>>>();
  for (const c of cutoffs) {
    const set: Partial<Record<Market, ModelArtefact>> = {};
    for (const m of MARKETS) {
      const file = artefactPath(options.modelsDir, m, c);
      if (fs.existsSync(file)) set[m] = readArtefact(file);
    }
    models.set(c, set);
  }
  const summary = await predictRange(warehouse, {
    from: options.from,
    to: options.to,
    datasetPrefix: options.datasetPrefix,
    correlationId: options.correlationId,
    modelsFor: (d) => models.get(cutoffFor(d)) ?? {},
    onProgress: options.onProgress,
  });
  return { summary, trained, cutoffs };
}
