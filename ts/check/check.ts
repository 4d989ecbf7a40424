import { compileProject } from "../engine/compile.ts";
import { AnalyzerClient } from "./analyzer-client.ts";
import { locateAnalyzerBinary, startAnalyzer } from "./analyzer-process.ts";
import type { CheckOptions, CheckResult } from "./check-result.ts";
import { CheckRun } from "./check-run.ts";

export type * from "./check-result.ts";

/**
 * `nba-props check`: compile the project for BigQuery and analyse every statement of every action with
 * BigQuery's own front end (ZetaSQL), against a catalog built from the graph. See docs/check.md.
 */

/** Compiles the project (what `dataform compile` emits for BigQuery) and checks it. */
export async function checkProject(options: CheckOptions): Promise<CheckResult> {
  const started = performance.now();
  const binary = locateAnalyzerBinary(options.analyzerBinary);
  const compileStarted = performance.now();
  const compiling = options.graph
    ? Promise.resolve(options.graph)
    : compileProject({ projectDir: options.projectDir, ...(options.vars ? { vars: options.vars } : {}) });
  const starting = startAnalyzer({ binary: binary.binary, ...(options.logger ? { logger: options.logger } : {}) });
  // Both run in the background (a worker thread and a child process) while this thread loads the protos.
  let preloadError: unknown;
  try {
    AnalyzerClient.preload(binary.packageDir);
  } catch (e) {
    preloadError = e;
  }
  const [graphResult, analyzerResult] = await Promise.allSettled([
    compiling.then(async (g) => ({
      graph: g,
      ms: performance.now() - compileStarted,
      columns: options.declarationColumns ?? (await options.warehouseColumns?.(g)),
    })),
    starting,
  ]);
  if (analyzerResult.status === "rejected") throw analyzerResult.reason;
  const analyzer = analyzerResult.value;
  try {
    options.hooks?.onAnalyzerStarted?.(analyzer);
    if (preloadError) throw preloadError;
    if (graphResult.status === "rejected") throw graphResult.reason;
    const { graph, ms: compileMs, columns } = graphResult.value;
    const client = AnalyzerClient.connect(binary.packageDir, analyzer.host, analyzer.port);
    try {
      const analyseStarted = performance.now();
      const run = new CheckRun(graph, client, columns ? { ...options, declarationColumns: columns } : options);
      await run.run();
      const analyseMs = performance.now() - analyseStarted;
      return run.result(
        {
          compileMs,
          analyzerStartMs: analyzer.startMs,
          analyseMs,
          totalMs: performance.now() - started,
        },
        analyzer,
      );
    } finally {
      client.close();
    }
  } finally {
    await analyzer.stop();
  }
}
