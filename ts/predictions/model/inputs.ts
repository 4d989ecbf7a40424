import { FEATURE_NAMES } from "../feature-store.ts";
import type { PredictionInput } from "../types.ts";

/**
 * The model's inputs, by name: the 25 features, the market's own history and the pre-game line. Any may be
 * missing (NaN); XGBoost learns a default direction for missing values, so the model predicts without a line.
 */
export const MODEL_INPUT_NAMES = [
  ...FEATURE_NAMES,
  "days_rest",
  "stat_avg_last_5",
  "stat_avg_last_10",
  "stat_avg_season",
  "stat_std_last_10",
  "line",
] as const;

export function modelInputs(input: PredictionInput): Record<string, number | null> {
  return {
    ...input.features,
    days_rest: input.daysRest,
    stat_avg_last_5: input.stat.avgLast5,
    stat_avg_last_10: input.stat.avgLast10,
    stat_avg_season: input.stat.avgSeason,
    stat_std_last_10: input.stat.stdLast10,
    line: input.line,
  };
}
