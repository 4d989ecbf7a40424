import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { calendarDate } from "../calendar-date.ts";
import { datasetPrefixOption } from "../dataset-prefix-option.ts";
import { commandOutput } from "../output.ts";

interface EvaluateFlags {
  project?: string;
  from?: string;
  to?: string;
  datasetPrefix?: string;
  json?: boolean;
}

/**
 * `nba-props evaluate --from A --to B`: per market and system, MAE, bias, hit rate with its Wilson interval and bet
 * count, next to the line and "always UNDER" on the same rows, from the graded predictions; then the training
 * windows of the models whose cut-offs fall in the range. The tables of docs/evaluation.md come from here.
 */
export function registerEvaluateCommand(program: Command): void {
  datasetPrefixOption(program.command("evaluate"), "read <prefix>nba_*")
    .description(
      "evaluate graded predictions of a date range: per market and system, next to the line and the baselines",
    )
    .option("--project <dir>", "project directory", process.cwd())
    .option("--from <YYYY-MM-DD>", "first game date")
    .option("--to <YYYY-MM-DD>", "last game date")
    .option("--json", "print the evaluation as JSON")
    .action(async (flags: EvaluateFlags) => {
      const window = { from: calendarDate("--from", flags.from), to: calendarDate("--to", flags.to) };
      if (window.to < window.from) throw new Error(`--to ${window.to} is before --from ${window.from}`);
      const { evaluatePredictions, evaluationMarkdown } = await import("../../predictions/evaluation.ts");
      const { createContext } = await import("../context.ts");
      const { openWarehouse } = await import("../open-warehouse.ts");
      const out = commandOutput(flags.json);
      const ctx = createContext(flags.project);
      const warehouse = await openWarehouse(ctx.config);
      try {
        const rows = await evaluatePredictions(warehouse, flags.datasetPrefix ?? ctx.config.datasetPrefix, window);
        const models = await modelWindows(path.join(ctx.config.homeDir, "models"), window);
        if (flags.json) {
          out.result({ ok: true, window, systems: rows, models });
          return;
        }
        if (rows.length === 0) {
          process.stdout.write(
            `no graded prediction between ${window.from} and ${window.to} (run predict, then the grading tag)\n`,
          );
          return;
        }
        process.stdout.write(evaluationMarkdown(rows));
        process.stdout.write(`\n| model | cut-off | training rows | training window |\n|---|---|---:|---|\n`);
        for (const m of models)
          process.stdout.write(
            `| ${m.model_version} | ${m.cutoff} | ${m.rows} | ${m.first_game_date} .. ${m.last_game_date} |\n`,
          );
      } finally {
        await warehouse.close();
      }
    });
}

/** The trained models whose cut-off month overlaps the window (the ones that predicted it). */
async function modelWindows(modelsDir: string, window: { from: string; to: string }) {
  if (!fs.existsSync(modelsDir)) return [];
  const { readArtefact } = await import("../../predictions/model/artefact.ts");
  const firstCutoff = `${window.from.slice(0, 7)}-01`;
  return fs
    .readdirSync(modelsDir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".json"))
    .map((f) => readArtefact(path.join(modelsDir, f)))
    .filter((m) => m.training_window.cutoff >= firstCutoff && m.training_window.cutoff <= window.to)
    .map((m) => ({ model_version: m.model_version, ...m.training_window }))
    .sort((a, b) => a.cutoff.localeCompare(b.cutoff) || a.model_version.localeCompare(b.model_version));
}
