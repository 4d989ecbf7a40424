import type { ModelArtefact } from "../model/artefact.ts";
import type { Market, PredictionSystem } from "../types.ts";
import { ensemble } from "./ensemble.ts";
import { gradientBoosted } from "./gradient-boosted.ts";
import { movingAverage } from "./moving-average.ts";
import { similarity } from "./similarity.ts";
import { zoneMatchup } from "./zone-matchup.ts";

/** The five systems in their fixed order; the ensemble combines the four before it. */
export function systemsFor(models: Partial<Record<Market, ModelArtefact>>): PredictionSystem[] {
  const bases = [movingAverage, zoneMatchup, similarity, gradientBoosted(models)];
  return [...bases, ensemble(bases)];
}
