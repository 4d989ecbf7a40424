import { validDatasetPrefix } from "../config/dataset-prefix.ts";
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { formatLoadSummary } from "../raw/load-report.ts";
import type { Mode } from "../orchestration/flow.ts";
import { formatFlowReport } from "../orchestration/flow-summary.ts";
import { predictionsStep } from "../orchestration/predictions-step.ts";
import { runFlow } from "../orchestration/run-flow.ts";
import type { Window } from "../orchestration/change-detection.ts";
import { addCompileFlags, compileOptionsFrom, type CompileFlagValues } from "./compile-flags.ts";
import { createContext } from "./context.ts";
import { importShippedData } from "./load-files.ts";
import { openRuntime } from "../config/runtime.ts";
import { writeAndPrintReport } from "./commands/report.ts";

export type FlowFlags = CompileFlagValues & { fullRefresh?: boolean; datasetPrefix?: string };

/** The flags `pipeline`, `daily` and `backfill` share. */
export function addFlowFlags(command: Command): Command {
  return addCompileFlags(command)
    .option("--full-refresh", "rebuild incremental tables from scratch (except protected ones) and run every phase")
    .option("--dataset-prefix <prefix>", "prefix every dataset to replay in isolation, e.g. test_ (default: NBA_PROPS_DATASET_PREFIX)");
}

/** Runs one flow (ts/orchestration) for a command: the raw load of the shipped data, then every phase through the bus. */
export async function runFlowCommand(mode: Mode, window: Window | "project-default", flags: FlowFlags): Promise<void> {
  const ctx = createContext(flags.project);
  const prefix = flags.datasetPrefix ?? ctx.config.datasetPrefix;
  validDatasetPrefix(prefix, "--dataset-prefix");
  const config = { ...ctx.config, datasetPrefix: prefix };
  const compile = compileOptionsFrom(flags, ctx.projectDir, "duckdb");
  const resolved = window === "project-default" ? projectWindow(compile.vars ?? {}, ctx.projectDir) : window;
  const runtime = openRuntime(config);
  try {
    const warehouse = await runtime.warehouse();
    const report = await runFlow(config, ctx.logger, warehouse, {
      mode, window: resolved, compile, fullRefresh: flags.fullRefresh, graphRunner: runtime.graphRunner(),
      predictions: predictionsStep(path.join(config.homeDir, "models")),
      rawLoader: async (w, datasetPrefix) => {
        const summary = await importShippedData(ctx, w, { datasetPrefix });
        process.stdout.write(formatLoadSummary(summary));
        return summary;
      },
      onEvent: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(`\n${formatFlowReport(report)}`);
    await writeAndPrintReport(ctx, warehouse, { datasetPrefix: prefix });
    if (report.status === "failed" || report.status === "incomplete" || report.drain.deadLettered > 0) process.exitCode = 1;
  } finally {
    await runtime.close();
  }
}

/** The project's own window: dataform.json vars start_date/end_date, unless --vars overrides them. */
function projectWindow(vars: Record<string, string>, projectDir: string): Window {
  const file = JSON.parse(fs.readFileSync(`${projectDir}/dataform.json`, "utf8")) as { vars?: Record<string, string> };
  const start = vars.start_date ?? file.vars?.start_date;
  const end = vars.end_date ?? file.vars?.end_date;
  if (!start || !end) throw new Error("pipeline: dataform.json vars need start_date and end_date (or pass --vars start_date=…,end_date=…)");
  return { start, end };
}
