import { compileProject } from "./compile.ts";
import { dryRunText } from "./dry-run-text.ts";
import type { GraphRunner, GraphRunRequest } from "./graph-runner.ts";
import { planRun, runGraph } from "./local-runner.ts";
import type { RunSummary } from "./outcome.ts";
import type { Warehouse } from "./warehouse.ts";

/** The local GraphRunner: compile (BigQuery SQL), then ts/engine's gate and runner on the DuckDB warehouse. */
export class LocalGraphRunner implements GraphRunner {
  readonly runtime = "local" as const;

  /** warehouse is opened only when something runs (a dry run needs none). */
  constructor(
    private readonly warehouse: () => Promise<Warehouse>,
    /** Dataset (before the prefix) of run_history; null keeps none; undefined: the runner's default. */
    private readonly historySchema?: string | null,
  ) {}

  async run(request: GraphRunRequest): Promise<RunSummary> {
    const { compile, graph: compiled, ...options } = request;
    const graph = compiled ?? (await compileProject(compile));
    return runGraph(await this.warehouse(), graph, {
      ...(this.historySchema !== undefined ? { historySchema: this.historySchema } : {}),
      ...options,
    });
  }

  async dryRun(request: GraphRunRequest): Promise<string> {
    const { compile, graph: _graph, ...options } = request;
    const graph = await compileProject(compile);
    return dryRunText(await planRun(graph, options));
  }
}
