import type { GraphRunner, GraphRunRequest } from "../engine/graph-runner.ts";
import type { RunSummary } from "../engine/outcome.ts";
import type { CommandContext } from "./context.ts";
import { actionProgress, runSummaryTable } from "./render.ts";

/** Runs a graph selection with a progress bar and prints the summary table: shared by `run` and `assert`. */
export async function runWithProgress(
  ctx: CommandContext,
  runner: GraphRunner,
  request: GraphRunRequest,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<RunSummary> {
  const progress = actionProgress();
  try {
    const summary = await runner.run({
      ...request,
      onPlanned: progress.start,
      onActionStart: (a) => ctx.logger.debug({ action: a.name }, "action started"),
      onActionEnd: progress.done,
    });
    progress.stop();
    write(`${runSummaryTable(summary)}
`);
    ctx.logger.debug({ runId: summary.runId, runtime: runner.runtime }, "run finished");
    return summary;
  } finally {
    progress.stop();
  }
}
