import type { Command } from "commander";
import { calendarDate } from "../calendar-date.ts";
import { datasetPrefixOption } from "../dataset-prefix-option.ts";
import { commandOutput } from "../output.ts";

interface PredictFlags {
  project?: string;
  date?: string;
  from?: string;
  to?: string;
  datasetPrefix?: string;
  correlationId?: string;
  train?: boolean;
  json?: boolean;
}

/** `nba-props predict --date D | --from A --to B`: walk-forward predictions of every market and system. */
export function registerPredictCommand(program: Command): void {
  datasetPrefixOption(program.command("predict"), "read and write <prefix>nba_*")
    .description(
      "predict every player of the pre-game universe for a date or a range (monthly models, each trained only on games before its month)",
    )
    .option("--project <dir>", "project directory", process.cwd())
    .option("--date <YYYY-MM-DD>", "one game date")
    .option("--from <YYYY-MM-DD>", "first game date of a range")
    .option("--to <YYYY-MM-DD>", "last game date of a range")
    .option("--no-train", "do not train missing models (the xgboost system then skips those dates)")
    .option("--correlation-id <id>", "correlation id stored on every row (default: a new UUID)")
    .option("--json", "print the batch summary and the models trained as JSON")
    .action(async (flags: PredictFlags) => {
      if (flags.date && (flags.from || flags.to)) throw new Error("predict: give --date, or --from and --to, not both");
      const from = calendarDate("--from", flags.date ?? flags.from);
      const to = calendarDate("--to", flags.date ?? flags.to);
      if (to < from) throw new Error(`predict: --to ${to} is before --from ${from}`);
      const path = await import("node:path");
      const { predictWalkForward } = await import("../../predictions/walk-forward.ts");
      const { formatBatchSummary } = await import("../../predictions/report.ts");
      const { batchProgress } = await import("../../predictions/batch-progress.ts");
      const { createContext } = await import("../context.ts");
      const { openWarehouse } = await import("../open-warehouse.ts");
      const out = commandOutput(flags.json);
      const ctx = createContext(flags.project);
      const warehouse = await openWarehouse(ctx.config);
      try {
        const result = await predictWalkForward(warehouse, {
          from,
          to,
          datasetPrefix: flags.datasetPrefix ?? ctx.config.datasetPrefix,
          modelsDir: path.join(ctx.config.homeDir, "models"),
          correlationId: flags.correlationId,
          train: flags.train !== false,
          onProgress: batchProgress(ctx.logger),
          onFitted: (t, done, total) =>
            out.text(
              `trained ${done}/${total} ${t.model.model_version} (${t.model.training_window.rows} rows) -> ${t.file}\n`,
            ),
        });
        out.text(formatBatchSummary(result.summary));
        const trained = result.trained.map((t) => ({
          market: t.market,
          modelVersion: t.model.model_version,
          trainingWindow: t.model.training_window,
          file: t.file,
        }));
        out.result({ ok: result.summary.failed === 0, summary: result.summary, trained });
        if (result.summary.failed > 0) process.exitCode = 1;
      } finally {
        await warehouse.close();
      }
    });
}
