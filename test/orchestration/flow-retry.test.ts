import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { type Alert, AlertManager } from "../../ts/orchestration/alerts.ts";
import { Flow, type FlowReport } from "../../ts/orchestration/flow.ts";
import { LocalBus } from "../../ts/orchestration/local-bus.ts";
import { LocalCompletionStore } from "../../ts/orchestration/local-completion-store.ts";
import type { ProcessorResult, Step } from "../../ts/orchestration/step.ts";
import { tsStep } from "../../ts/orchestration/ts-step.ts";
import { deadLetters, orchestrationWarehouse, silentLogger, tempDir } from "./helpers.ts";

const WINDOW = { start: "2024-01-15", end: "2024-01-15" };

/** A step whose output version is fixed (its data never changes) and which fails while `failing` says so. */
function fixedStep(name: string, calls: string[], failing: () => boolean): Step {
  return tsStep({
    name,
    phase: "phase_3_analytics",
    processors: [`${name}_processor`],
    version: "v1",
    async run(): Promise<ProcessorResult[]> {
      calls.push(name);
      const failed = failing();
      return [
        {
          processor: `${name}_processor`,
          status: failed ? "failed" : "success",
          recordCount: failed ? 0 : 5,
          recordsFailed: 0,
          durationSeconds: 0,
          changedRows: 0,
          players: [],
          teams: [],
          incremental: false,
          outputVersion: `${name}-out-1`,
          failures: [],
          error: failed ? "boom" : undefined,
        },
      ];
    },
  });
}

describe("flow: a step that failed on unchanged inputs runs again on the next run", () => {
  let dir: string;
  let w: DuckDbWarehouse;

  beforeEach(async () => {
    dir = tempDir("nbap-retry-");
    w = await orchestrationWarehouse(dir);
  });
  afterEach(async () => {
    await w.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function runOnce(steps: Step[]): Promise<FlowReport> {
    const alerts: Alert[] = [];
    const flow = new Flow({
      warehouse: w,
      bus: new LocalBus(w, "", deadLetters(w), silentLogger),
      store: new LocalCompletionStore(w, ""),
      alerts: new AlertManager(
        { send: async (a) => void alerts.push(a) },
        { windowMinutes: 60, maxPerWindow: 10, backfillMode: false },
      ),
      logger: silentLogger,
      datasetPrefix: "",
      steps,
      concurrency: () => 1,
      transitionTimeoutMs: () => 3_600_000,
      runStaleMs: 3_600_000,
    });
    const { correlationId, resumed } = await Flow.flowToRun(w, "", "daily", WINDOW);
    return flow.run("daily", WINDOW, correlationId, resumed);
  }

  it("reruns only the failed last step, then settles: a third run triggers nothing", async () => {
    const calls: string[] = [];
    let lastFails = true;
    const steps = [
      fixedStep("raw", calls, () => false),
      fixedStep("middle", calls, () => false),
      fixedStep("last", calls, () => lastFails),
    ];

    const first = await runOnce(steps);
    expect(first.status).toBe("failed");
    expect(calls).toEqual(["raw", "middle", "last"]);

    lastFails = false;
    calls.length = 0;
    const second = await runOnce(steps);
    expect(calls).toEqual(["raw", "last"]);
    expect(second.steps.map((s) => [s.step, s.outcome])).toEqual([
      ["raw", "ran"],
      ["middle", "skipped: inputs unchanged"],
      ["last", "ran"],
    ]);
    expect(second.status).toBe("finished");

    calls.length = 0;
    const third = await runOnce(steps);
    expect(calls).toEqual(["raw"]);
    expect(third.status).toBe("unchanged");
    expect(third.triggersPublished).toEqual([]);
  });

  it("a step that still fails keeps being retried, never recorded as done", async () => {
    const calls: string[] = [];
    const steps = [fixedStep("raw", calls, () => false), fixedStep("last", calls, () => true)];
    await runOnce(steps);
    await runOnce(steps);
    expect(calls).toEqual(["raw", "last", "raw", "last"]);
  });
});
