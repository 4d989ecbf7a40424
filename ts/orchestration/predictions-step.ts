import { batchProgress } from "../predictions/batch-progress.ts";
import { predictionRange } from "../predictions/prediction-range.ts";
import { ensurePredictionTable } from "../predictions/prediction-table.ts";
import { predictWalkForward } from "../predictions/walk-forward.ts";
import { sha } from "./change-detection.ts";
import type { ProcessorResult, Step } from "./step.ts";
import { tsStep } from "./ts-step.ts";

const PROCESSOR = "player_prop_predictions";

/**
 * Phase 5 as a flow step: walk-forward predictions (ts/predictions) for the window, clamped to the dates that have
 * features and lines, stamped with the flow's correlation id. Without a feature store it reports no rows.
 */
export function predictionsStep(modelsDir: string): Step {
  return tsStep({
    name: "predictions",
    phase: "phase_5_predictions",
    processors: [PROCESSOR],
    version: "walk-forward",
    async run(ctx): Promise<ProcessorResult[]> {
      const started = performance.now();
      await ensurePredictionTable(ctx.warehouse, ctx.datasetPrefix);
      const range = await predictionRange(ctx.warehouse, ctx.datasetPrefix);
      const from = range.ok && range.from > ctx.window.start ? range.from : ctx.window.start;
      const to = range.ok && range.to < ctx.window.end ? range.to : ctx.window.end;
      const base = {
        processor: PROCESSOR,
        outputTable: PROCESSOR,
        outputDataset: `${ctx.datasetPrefix}nba_predictions`,
        players: [],
        teams: [],
        incremental: false,
      };
      if (!range.ok || from > to) {
        return [
          {
            ...base,
            status: "success",
            recordCount: 0,
            recordsFailed: 0,
            durationSeconds: 0,
            changedRows: 0,
            outputVersion: "none",
            failures: [],
          },
        ];
      }
      const result = await predictWalkForward(ctx.warehouse, {
        from,
        to,
        datasetPrefix: ctx.datasetPrefix,
        modelsDir,
        correlationId: ctx.correlationId,
        onFitted: (fit, done, total) =>
          ctx.logger.info(
            { model: fit.model.model_version, rows: fit.model.training_window.rows },
            `trained model ${done}/${total}`,
          ),
        onProgress: batchProgress(ctx.logger),
      });
      const s = result.summary;
      return [
        {
          ...base,
          status: s.failed > 0 ? (s.rowsWritten > 0 ? "partial" : "failed") : "success",
          recordCount: s.rowsWritten,
          recordsFailed: s.failed,
          durationSeconds: (performance.now() - started) / 1000,
          changedRows: s.rowsWritten,
          outputVersion: s.rowsWritten > 0 ? sha(`${s.batchId}|${s.rowsWritten}`) : "unchanged",
          error:
            s.failures.length > 0
              ? s.failures
                  .slice(0, 3)
                  .map((f) => `${f.gameId} ${f.playerLookup}: ${f.error}`)
                  .join("; ")
              : undefined,
          failures: s.failures.map((f) => ({
            entityType: "player" as const,
            entityId: f.playerLookup,
            gameDate: null,
            error: f.error,
          })),
        },
      ];
    },
  });
}
