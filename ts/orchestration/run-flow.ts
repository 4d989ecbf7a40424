import type { Config } from "../config/config.ts";
import type { Logger } from "../config/logger.ts";
import type { CompileOptions } from "../engine/compile.ts";
import type { GraphRunner } from "../engine/graph-runner.ts";
import { LocalGraphRunner } from "../engine/local-graph-runner.ts";
import type { Warehouse } from "../engine/warehouse.ts";
import type { AlertSink } from "./alerts.ts";
import type { Window } from "./change-detection.ts";
import { isCalendarDate } from "./envelope.ts";
import { Flow, type FlowReport, type Mode } from "./flow.ts";
import { flowSteps } from "./flow-steps.ts";
import { compileFlowGraph } from "./graph-source.ts";
import type { RawLoader } from "./raw-step.ts";
import { openOrchestration, transitionTimeoutMs } from "./runtime.ts";
import type { Step } from "./step.ts";

export interface FlowRequest {
  mode: Mode;
  window: Window;
  /** Compile options of the project (projectDir, engine var, overrides); the flow adds the window and correlation id. */
  compile: CompileOptions;
  rawLoader: RawLoader;
  /** The runtime's GraphRunner (ts/config/runtime.ts); default: the local runner on `warehouse`. */
  graphRunner?: GraphRunner;
  fullRefresh?: boolean;
  predictions?: Step;
  alertSink?: AlertSink;
  onEvent?: (line: string) => void;
}

/** What `pipeline`, `daily` and `backfill` run: one flow through the bus, from the raw load to the last phase. */
export async function runFlow(
  config: Config,
  logger: Logger,
  warehouse: Warehouse,
  request: FlowRequest,
): Promise<FlowReport> {
  validateWindow(request.window);
  const prefix = config.datasetPrefix;
  const ports = await openOrchestration(config, warehouse, logger, {
    backfillMode: request.mode === "backfill",
    sink: request.alertSink,
  });
  try {
    const { correlationId, resumed } = await Flow.flowToRun(warehouse, prefix, request.mode, request.window);
    const graph = await compileFlowGraph(
      request.compile,
      request.window,
      correlationId,
      request.graphRunner ?? new LocalGraphRunner(async () => warehouse),
    );
    const steps = flowSteps({
      rawLoader: request.rawLoader,
      graph,
      datasetPrefix: prefix,
      predictions: request.predictions,
    });
    const flow = new Flow({
      warehouse,
      bus: ports.bus,
      store: ports.store,
      alerts: ports.alerts,
      logger,
      datasetPrefix: prefix,
      steps,
      concurrency: (step) => config.concurrency.stages[step] ?? config.concurrency.run,
      transitionTimeoutMs: transitionTimeoutMs(config),
      runStaleMs: config.orchestration.runStaleHours * 3_600_000,
      fullRefresh: request.fullRefresh,
      onEvent: request.onEvent,
    });
    return await flow.run(request.mode, request.window, correlationId, resumed);
  } finally {
    await ports.bus.close();
  }
}

export function validateWindow(w: Window): void {
  for (const [name, value] of [
    ["start", w.start],
    ["end", w.end],
  ] as const) {
    if (!isCalendarDate(value)) {
      throw new Error(`${name} date must be a calendar date YYYY-MM-DD, got "${value}"`);
    }
  }
  if (w.end < w.start) throw new Error(`the window ends (${w.end}) before it starts (${w.start})`);
}
