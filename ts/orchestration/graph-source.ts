import { compileProject, type CompileOptions } from "../engine/compile.ts";
import { runGraph } from "../engine/local-runner.ts";
import type { Window } from "./change-detection.ts";
import type { GraphSource } from "./graph-step.ts";

/**
 * Compiles the project once for a flow: the window as vars start_date/end_date (so every phase runs the whole
 * window set-based, in one run) and the flow's correlation id as var correlation_id (models that stamp their rows
 * with it, e.g. predictions, read it from there). A scoped run compiles again with vars.scope_id.
 */
export async function compileFlowGraph(base: CompileOptions, window: Window, correlationId: string): Promise<GraphSource> {
  const vars = { ...(base.vars ?? {}), start_date: window.start, end_date: window.end, correlation_id: correlationId };
  const graph = await compileProject({ ...base, vars });
  return {
    graph,
    correlationId,
    compileScoped: (scopeId) => compileProject({ ...base, vars: { ...vars, scope_id: scopeId } }),
    run: runGraph,
  };
}
