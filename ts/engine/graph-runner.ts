import type { Action } from "./actions.ts";
import type { CompileOptions } from "./compile.ts";
import type { CompiledGraph } from "./graph.ts";
import type { ActionOutcome, RunSummary } from "./outcome.ts";
import type { Selection } from "./selection.ts";

/** What to run: the compile knobs (vars, suffixes, prefixes), the selection and how. */
export interface GraphRunRequest extends Selection {
  compile: CompileOptions;
  /** Local runtime only: a graph already compiled for DuckDB (then `compile` is not compiled again). */
  graph?: CompiledGraph;
  fullRefresh?: boolean;
  datasetPrefix?: string;
  concurrency?: number;
  /** The flow's correlation id, recorded on every run_history row of this run. */
  correlationId?: string;
  /** Only these action types run (e.g. ["assertion"] for `nba-props assert`). */
  onlyTypes?: Action["type"][];
  onPlanned?: (actions: number) => void;
  onActionStart?: (action: { name: string }) => void;
  onActionEnd?: (outcome: ActionOutcome) => void;
}

/** A request's run options, for a caller that holds the compiled graph and its compile options elsewhere. */
export type GraphRunOptions = Omit<GraphRunRequest, "compile" | "graph">;

/**
 * The GraphRunner port (DESIGN.md §3): run a selection of the compiled Dataform graph and report every action's
 * outcome. local = ts/engine's runner on DuckDB; gcp = a Dataform compilation result + workflow invocation.
 */
export interface GraphRunner {
  readonly runtime: "local" | "gcp";
  run(request: GraphRunRequest): Promise<RunSummary>;
  /** What the run would do, as text, without changing anything (local: the final SQL; gcp: bytes per statement). */
  dryRun(request: GraphRunRequest): Promise<string>;
}
