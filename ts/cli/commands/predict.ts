import path from "node:path";
import type { Command } from "commander";
import { predictWalkForward } from "../../predictions/walk-forward.ts";
import { batchProgress } from "../../predictions/batch-progress.ts";
import { formatBatchSummary } from "../../predictions/report.ts";
import { datasetPrefixOption } from "../dataset-prefix-option.ts";
import { createContext } from "../context.ts";
import { openWarehouse } from "../../config/runtime.ts";
import { calendarDate } from "./train.ts";

interface PredictFlags {
  project?: string;
  date?: string;
  from?: string;
  to?: string;
  datasetPrefix?: string;
  correlationId?: string;
  noTrain?: boolean;
  train?: boolean;
}

/** `nba-props predict --date D | --from A --to B`: walk-forward predictions of every market and system. */
export function registerPredictCommand(program: Command): void {
  datasetPrefixOption(program.command("predict"), "read and write <prefix>nba_*")
    .description("predict every player of the pre-game universe for a date or a range (monthly models, each trained only on games before its month)")
    .option("--project <dir>", "project directory", process.cwd())
    .option("--date <YYYY-MM-DD>", "one game date")
    .option("--from <YYYY-MM-DD>", "first game date of a range")
    .option("--to <YYYY-MM-DD>", "last game date of a range")
    .option("--no-train", "do not train missing models (the xgboost system then skips those dates)")
    .option("--correlation-id <id>", "correlation id stored on every row (default: a new UUID)")
    .action(async (flags: PredictFlags) => {
      if (flags.date && (flags.from || flags.to)) throw new Error("predict: give --date, or --from and --to, not both");
      const from = calendarDate("--from", flags.date ?? flags.from);
      const to = calendarDate("--to", flags.date ?? flags.to);
      if (to < from) throw new Error(`predict: --to ${to} is before --from ${from}`);
      const ctx = createContext(flags.project);
      const warehouse = await openWarehouse(ctx.config);
      try {
        const result = await predictWalkForward(warehouse, {
          from, to, datasetPrefix: flags.datasetPrefix ?? ctx.config.datasetPrefix, modelsDir: path.join(ctx.config.homeDir, "models"),
          correlationId: flags.correlationId, train: flags.train !== false,
          onProgress: batchProgress(ctx.logger),
          onFitted: (t, done, total) => process.stdout.write(`trained ${done}/${total} ${t.model.model_version} (${t.model.training_window.rows} rows) -> ${t.file}\n`),
        });
        process.stdout.write(formatBatchSummary(result.summary));
        if (result.summary.failed > 0) process.exitCode = 1;
      } finally {
        await warehouse.close();
      }
    });
}
