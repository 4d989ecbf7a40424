import path from "node:path";
import type { Command } from "commander";
import { trainCutoffs } from "../../predictions/model/train.ts";
import { datasetPrefixOption } from "../dataset-prefix-option.ts";
import { createContext } from "../context.ts";
import { openWarehouse } from "../../config/runtime.ts";

/** A --flag value that must be a real calendar date YYYY-MM-DD. */
export function calendarDate(flag: string, value: string | undefined): string {
  if (!value) throw new Error(`${flag} is required (YYYY-MM-DD)`);
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) throw new Error(`${flag}: "${value}" is not a calendar date YYYY-MM-DD`);
  return value;
}

interface TrainFlags {
  project?: string;
  until?: string;
  datasetPrefix?: string;
}

/** `nba-props train --until D`: one XGBoost model per market on feature rows dated strictly before D. */
export function registerTrainCommand(program: Command): void {
  datasetPrefixOption(program.command("train"), "read <prefix>nba_*")
    .description("train one gradient-boosted model per market on feature-store rows dated strictly before --until")
    .option("--project <dir>", "project directory", process.cwd())
    .option("--until <YYYY-MM-DD>", "training cut-off: only games dated before it are used")
    .action(async (flags: TrainFlags) => {
      const until = calendarDate("--until", flags.until);
      const ctx = createContext(flags.project);
      const warehouse = await openWarehouse(ctx.config);
      try {
        const written = await trainCutoffs(warehouse, {
          cutoffs: [until], datasetPrefix: flags.datasetPrefix ?? ctx.config.datasetPrefix, modelsDir: path.join(ctx.config.homeDir, "models"),
        });
        for (const t of written) {
          const w = t.model.training_window;
          process.stdout.write(`${t.model.model_version}: ${w.rows} rows ${w.first_game_date} .. ${w.last_game_date} (cut-off ${w.cutoff}), xgboost ${t.model.library.version}, seed ${t.model.seed} -> ${t.file}\n`);
        }
      } finally {
        await warehouse.close();
      }
    });
}
