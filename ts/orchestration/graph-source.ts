import { type CompileOptions, compileProject } from "../engine/compile.ts";
import type { CompiledGraph } from "../engine/graph.ts";
import type { GraphRunner } from "../engine/graph-runner.ts";
import type { Window } from "./change-detection.ts";
import type { GraphSource } from "./graph-step.ts";

/**
 * Compiles the project once for a flow: the window as vars start_date/end_date (so every phase runs the whole
 * window set-based, in one run) and the flow's correlation id as var correlation_id (models that stamp their rows
 * with it, e.g. predictions, read it from there). A scoped run compiles again with vars.scope_id.
 * Runs go through the runtime's GraphRunner: locally the compiled graph itself; on gcp a Dataform compilation of
 * the same vars (without the local engine var), so both runtimes run what the flow planned.
 */
export async function compileFlowGraph(
  base: CompileOptions,
  window: Window,
  correlationId: string,
  runner: GraphRunner,
): Promise<GraphSource> {
  const vars = { ...(base.vars ?? {}), start_date: window.start, end_date: window.end, correlation_id: correlationId };
  const compileOptionsOf = new WeakMap<CompiledGraph, CompileOptions>();
  const compile = async (options: CompileOptions) => {
    const graph = await compileProject(options);
    compileOptionsOf.set(graph, options);
    return graph;
  };
  return {
    graph: await compile({ ...base, vars }),
    correlationId,
    compileScoped: (scopeId) => compile({ ...base, vars: { ...vars, scope_id: scopeId } }),
    run: (_warehouse, graph, options) => {
      const runVars: Record<string, string> = { ...(compileOptionsOf.get(graph)?.vars ?? vars) };
      delete runVars.engine;
      return runner.run({ ...options, compile: { ...base, vars: runVars }, graph });
    },
  };
}
