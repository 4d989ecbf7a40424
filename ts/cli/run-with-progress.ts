import type { CompiledGraph } from "../engine/graph.ts";
import { runGraph, type RunOptions } from "../engine/local-runner.ts";
import type { RunSummary } from "../engine/outcome.ts";
import type { Warehouse } from "../engine/warehouse.ts";
import type { CommandContext } from "./context.ts";
import { actionProgress, runSummaryTable } from "./render.ts";

/** Runs a graph with a progress bar and prints the summary table: shared by `run` and `assert`. */
export async function runWithProgress(
  ctx: CommandContext,
  warehouse: Warehouse,
  graph: CompiledGraph,
  options: RunOptions,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<RunSummary> {
  const progress = actionProgress();
  try {
    const summary = await runGraph(warehouse, graph, {
      ...options,
      onPlanned: progress.start,
      onActionStart: (a) => ctx.logger.debug({ action: a.name }, "action started"),
      onActionEnd: progress.done,
    });
    progress.stop();
    write(`${runSummaryTable(summary)}\n`);
    ctx.logger.debug({ runId: summary.runId, warehouse: ctx.config.warehousePath }, "run finished");
    return summary;
  } finally {
    progress.stop();
  }
}
