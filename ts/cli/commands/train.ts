import type { Command } from "commander";
import { calendarDate } from "../calendar-date.ts";
import { datasetPrefixOption } from "../dataset-prefix-option.ts";
import { commandOutput } from "../output.ts";

interface TrainFlags {
  project?: string;
  until?: string;
  datasetPrefix?: string;
  json?: boolean;
}

/** `nba-props train --until D`: one XGBoost model per market on feature rows dated strictly before D. */
export function registerTrainCommand(program: Command): void {
  datasetPrefixOption(program.command("train"), "read <prefix>nba_*")
    .description("train one gradient-boosted model per market on feature-store rows dated strictly before --until")
    .option("--project <dir>", "project directory", process.cwd())
    .option("--until <YYYY-MM-DD>", "training cut-off: only games dated before it are used")
    .option("--json", "print the models written as JSON")
    .action(async (flags: TrainFlags) => {
      const until = calendarDate("--until", flags.until);
      const path = await import("node:path");
      const { trainCutoffs } = await import("../../predictions/model/train.ts");
      const { createContext } = await import("../context.ts");
      const { openWarehouse } = await import("../open-warehouse.ts");
      const out = commandOutput(flags.json);
      const ctx = createContext(flags.project);
      const warehouse = await openWarehouse(ctx.config);
      try {
        const written = await trainCutoffs(warehouse, {
          cutoffs: [until],
          datasetPrefix: flags.datasetPrefix ?? ctx.config.datasetPrefix,
          modelsDir: path.join(ctx.config.homeDir, "models"),
        });
        for (const t of written) {
          const w = t.model.training_window;
          out.text(
            `${t.model.model_version}: ${w.rows} rows ${w.first_game_date} .. ${w.last_game_date} (cut-off ${w.cutoff}), xgboost ${t.model.library.version}, seed ${t.model.seed} -> ${t.file}\n`,
          );
        }
        const models = written.map((t) => ({
          modelVersion: t.model.model_version,
          trainingWindow: t.model.training_window,
          xgboost: t.model.library.version,
          seed: t.model.seed,
          file: t.file,
        }));
        out.result({ ok: true, models });
      } finally {
        await warehouse.close();
      }
    });
}
