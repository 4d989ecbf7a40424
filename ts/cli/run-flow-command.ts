import fs from "node:fs";
import path from "node:path";
import { validDatasetPrefix } from "../config/dataset-prefix.ts";
import { openRuntime } from "../config/runtime.ts";
import type { Window } from "../orchestration/change-detection.ts";
import type { Mode } from "../orchestration/flow.ts";
import { formatFlowReport } from "../orchestration/flow-summary.ts";
import { predictionsStep } from "../orchestration/predictions-step.ts";
import { runFlow } from "../orchestration/run-flow.ts";
import type { RawLoadSummary } from "../raw/load-raw.ts";
import { formatLoadSummary } from "../raw/load-report.ts";
import { compileOptionsFrom } from "./compile-flags.ts";
import { createContext } from "./context.ts";
import type { FlowFlags } from "./flow-flags.ts";
import { importShippedData } from "./load-files.ts";
import { commandOutput } from "./output.ts";
import { writeAndPrintReport } from "./write-report.ts";

/** Runs one flow (ts/orchestration) for a command: the raw load of the shipped data, then every phase through the bus. */
export async function runFlowCommand(mode: Mode, window: Window | "project-default", flags: FlowFlags): Promise<void> {
  const out = commandOutput(flags.json);
  const ctx = createContext(flags.project);
  const prefix = flags.datasetPrefix ?? ctx.config.datasetPrefix;
  validDatasetPrefix(prefix, "--dataset-prefix");
  const config = { ...ctx.config, datasetPrefix: prefix };
  const compile = compileOptionsFrom(flags, ctx.projectDir);
  const resolved = window === "project-default" ? projectWindow(compile.vars ?? {}, ctx.projectDir) : window;
  const runtime = openRuntime(config);
  let load: RawLoadSummary | null = null;
  try {
    const warehouse = await runtime.warehouse();
    const report = await runFlow(config, ctx.logger, warehouse, {
      mode,
      window: resolved,
      compile,
      fullRefresh: flags.fullRefresh,
      graphRunner: runtime.graphRunner(),
      predictions: predictionsStep(path.join(config.homeDir, "models")),
      rawLoader: async (w, datasetPrefix) => {
        const summary = await importShippedData(ctx, w, { datasetPrefix });
        out.text(formatLoadSummary(summary));
        load = summary;
        return summary;
      },
      onEvent: (line) => out.text(`${line}\n`),
    });
    out.text(`\n${formatFlowReport(report)}`);
    const reportFile = await writeAndPrintReport(ctx, warehouse, { datasetPrefix: prefix, write: out.text });
    const ok = !(report.status === "failed" || report.status === "incomplete" || report.drain.deadLettered > 0);
    out.result({ ok, flow: report, load, report: reportFile });
    if (!ok) process.exitCode = 1;
  } finally {
    await runtime.close();
  }
}

/** The project's own window: dataform.json vars start_date/end_date, unless --vars overrides them. */
function projectWindow(vars: Record<string, string>, projectDir: string): Window {
  const file = JSON.parse(fs.readFileSync(`${projectDir}/dataform.json`, "utf8")) as { vars?: Record<string, string> };
  const start = vars.start_date ?? file.vars?.start_date;
  const end = vars.end_date ?? file.vars?.end_date;
  if (!start || !end)
    throw new Error(
      "pipeline: dataform.json vars need start_date and end_date (or pass --vars start_date=…,end_date=…)",
    );
  return { start, end };
}
