import type { Command } from "commander";
import { compileProject } from "../../engine/compile.ts";
import { formatLoadSummary } from "../../raw/load-report.ts";
import { addCompileFlags, compileOptionsFrom, type CompileFlagValues } from "../compile-flags.ts";
import { createContext } from "../context.ts";
import { openRuntime } from "../../config/runtime.ts";
import { formatDuration } from "../render.ts";
import { runWithProgress } from "../run-with-progress.ts";
import { importShippedData } from "../load-files.ts";
import { predictAndGrade, preparePredictionOutput } from "./predict.ts";

/**
 * The main job on the embedded default: import the shipped real data through the raw loaders, then run the whole
 * Dataform graph on DuckDB. Each later phase joins here. Rerunning is safe: unchanged files and rows are left alone.
 */
export function registerPipelineCommand(program: Command): void {
  addCompileFlags(program.command("pipeline").description("the main job: import the shipped data, then run the whole graph locally"))
    .option("--full-refresh", "rebuild incremental tables from scratch (except protected ones)")
    .action(async (flags: CompileFlagValues & { fullRefresh?: boolean }) => {
      const ctx = createContext(flags.project);
      const started = performance.now();
      // compiled here too for the prediction step, which reads the graph's tables
      const graph = await compileProject(compileOptionsFrom(flags, ctx.projectDir, "duckdb"));
      const runtime = openRuntime(ctx.config);
      try {
        const warehouse = await runtime.warehouse();
        process.stdout.write(`== 1/2 import shipped data from ${ctx.config.dataDir}\n`);
        const imported = await importShippedData(ctx, warehouse);
        process.stdout.write(formatLoadSummary(imported));

        process.stdout.write(`\n== 2/2 run the Dataform graph on ${ctx.config.warehousePath}\n`);
        await preparePredictionOutput(ctx, warehouse);
        const request = {
          compile: compileOptionsFrom(flags, ctx.projectDir),
          concurrency: ctx.config.concurrency.run,
          datasetPrefix: ctx.config.datasetPrefix,
          fullRefresh: flags.fullRefresh,
        };
        const run = await runWithProgress(ctx, runtime.graphRunner(), request);

        process.stdout.write(`\n== predictions and grading\n`);
        const predicted = run.ok && (await predictAndGrade(ctx, warehouse, graph));

        const ok = imported.ok && run.ok && predicted;
        process.stdout.write(`\npipeline ${ok ? "finished" : "FAILED"} in ${formatDuration(performance.now() - started)}\n`);
        if (!ok) process.exitCode = 1;
      } finally {
        await runtime.close();
      }
    });
}
