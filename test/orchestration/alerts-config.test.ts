import { describe, expect, it } from "vitest";
import { loadConfig } from "../../ts/config/config.ts";
import { type Alert, AlertManager, type AlertSink } from "../../ts/orchestration/alerts.ts";

class MemorySink implements AlertSink {
  readonly alerts: Alert[] = [];
  async send(a: Alert): Promise<void> {
    this.alerts.push(a);
  }
}

describe("AlertManager", () => {
  it("sends at most 5 alerts per category per 60-minute window, batches the rest and flushes one summary per category", async () => {
    const sink = new MemorySink();
    let now = Date.parse("2024-01-16T08:00:00Z");
    const alerts = new AlertManager(sink, { windowMinutes: 60, maxPerWindow: 5, backfillMode: false }, () => now);
    const sent: boolean[] = [];
    for (let i = 0; i < 8; i++) sent.push(await alerts.send("warning", "stuck_transition", "stuck", `#${i}`, { i }));
    expect(sent).toEqual([true, true, true, true, true, false, false, false]);
    // Another category has its own budget.
    expect(await alerts.send("critical", "processor_failed", "failed", "x")).toBe(true);
    // 59 minutes later the window still holds the first five; 61 minutes later it is free again.
    now += 59 * 60_000;
    expect(await alerts.send("warning", "stuck_transition", "stuck", "#8")).toBe(false);
    now += 2 * 60_000;
    expect(await alerts.send("warning", "stuck_transition", "stuck", "#9")).toBe(true);
    await alerts.flush();
    const summary = sink.alerts.at(-1)!;
    expect(summary).toMatchObject({
      severity: "info",
      category: "stuck_transition",
      title: "Batched alerts: stuck_transition",
    });
    expect(summary.message).toContain("suppressed 4 similar alert(s)");
    expect((summary.context.first as unknown[]).length).toBe(3);
    expect(sink.alerts.filter((a) => a.category === "stuck_transition" && a.severity === "warning")).toHaveLength(6);
  });

  it("in backfill mode drops everything but critical", async () => {
    const sink = new MemorySink();
    const alerts = new AlertManager(sink, { windowMinutes: 60, maxPerWindow: 5, backfillMode: true });
    expect(await alerts.send("warning", "processor_partial", "p", "m")).toBe(false);
    expect(await alerts.send("critical", "processor_failed", "f", "m")).toBe(true);
    await alerts.flush();
    expect(sink.alerts.map((a) => a.category)).toEqual(["processor_failed"]);
  });
});

describe("concurrency configuration", () => {
  it("PARALLELIZATION_WORKERS is every stage's default; PARALLELIZATION_WORKERS_<STAGE> overrides one", () => {
    const c = loadConfig("/tmp", { PARALLELIZATION_WORKERS: "3", PARALLELIZATION_WORKERS_PHASE3: "6" });
    expect(c.concurrency.stages).toEqual({ raw: 3, phase3: 6, phase4: 3, predictions: 3, grading: 3 });
    expect(c.concurrency.run).toBe(3);
  });

  it("rejects an unknown stage and a bad value, naming the variable", () => {
    expect(() => loadConfig("/tmp", { PARALLELIZATION_WORKERS_PHASE9: "2" })).toThrow(
      /PARALLELIZATION_WORKERS_PHASE9: unknown stage "phase9"/,
    );
    expect(() => loadConfig("/tmp", { PARALLELIZATION_WORKERS_GRADING: "0" })).toThrow(
      /PARALLELIZATION_WORKERS_GRADING: expected a whole number from 1 to 64/,
    );
    expect(() => loadConfig("/tmp", { PARALLELIZATION_WORKERS_RAW: "two" })).toThrow(/PARALLELIZATION_WORKERS_RAW/);
    expect(() => loadConfig("/tmp", { PARALLELIZATION_WORKERS: "0" })).toThrow(/PARALLELIZATION_WORKERS/);
  });
});
