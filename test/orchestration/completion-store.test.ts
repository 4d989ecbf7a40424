import fs from "node:fs";
import os from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import type { Completion, TransitionKey } from "../../ts/orchestration/completion-store.ts";
import { LocalCompletionStore } from "../../ts/orchestration/local-completion-store.ts";
import { findStuckTransitions } from "../../ts/orchestration/monitor.ts";
import { orchestrationWarehouse, tempDir } from "./helpers.ts";

const EXPECTED = [
  "player_game_summary",
  "team_defense_game_summary",
  "team_offense_game_summary",
  "upcoming_player_game_context",
  "upcoming_team_game_context",
];
const KEY: TransitionKey = { transition: "phase3_to_phase4", windowKey: "2024-01-15", correlationId: "flow-1" };

function completion(processor: string, players: string[] = [], at = "2024-01-16T08:00:00.000Z"): Completion {
  return {
    processor,
    status: "success",
    recordCount: 1,
    isIncremental: true,
    players,
    teams: processor.startsWith("team_") ? ["BOS"] : [],
    outputVersion: `${processor}-v1`,
    executionId: `run-${processor}`,
    completedAt: at,
  };
}

function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("LocalCompletionStore: trigger exactly once", () => {
  let dir: string;
  let w: DuckDbWarehouse;
  let store: LocalCompletionStore;
  beforeEach(async () => {
    dir = tempDir();
    w = await orchestrationWarehouse(dir, "", 6);
    store = new LocalCompletionStore(w, "");
  });
  afterEach(async () => {
    await w.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("100 concurrent duplicate completions of the last processor trigger exactly once", async () => {
    for (const p of EXPECTED.slice(0, 4))
      expect((await store.recordCompletion(KEY, EXPECTED, completion(p))).kind).toBe("waiting");
    const last = EXPECTED[4]!;
    const decisions = await Promise.all(
      Array.from({ length: 100 }, () => store.recordCompletion(KEY, EXPECTED, completion(last))),
    );
    expect(decisions.filter((d) => d.kind === "trigger")).toHaveLength(1);
    expect(decisions.filter((d) => d.kind === "triggered-before")).toHaveLength(99);
    const [n] = await w.query<{ n: number }>("SELECT count(*) AS n FROM nba_orchestration.completions");
    expect(Number(n!.n)).toBe(5);
  });

  it("20 concurrent duplicates of every processor at once (100 deliveries, shuffled) trigger exactly once", async () => {
    const deliveries = shuffled(
      EXPECTED.flatMap((p) => Array.from({ length: 20 }, () => p)),
      7,
    );
    const decisions = await Promise.all(
      deliveries.map((p) => store.recordCompletion(KEY, EXPECTED, completion(p, [`${p}-player`]))),
    );
    const triggers = decisions.filter((d) => d.kind === "trigger");
    expect(triggers).toHaveLength(1);
    // The trigger sees every expected completion, with its entities.
    const t = triggers[0]!;
    if (t.kind !== "trigger") throw new Error("unreachable");
    expect(t.completions.map((c) => c.processor).sort()).toEqual([...EXPECTED].sort());
    expect(t.completions.flatMap((c) => c.players).sort()).toEqual(EXPECTED.map((p) => `${p}-player`).sort());
  });

  it("any order triggers once, when (and only when) the list is complete", async () => {
    for (let seed = 1; seed <= 8; seed++) {
      const key = { ...KEY, correlationId: `flow-order-${seed}` };
      const order = shuffled(EXPECTED, seed);
      const kinds: string[] = [];
      for (const p of order) kinds.push((await store.recordCompletion(key, EXPECTED, completion(p))).kind);
      expect(kinds).toEqual(["waiting", "waiting", "waiting", "waiting", "trigger"]);
      // A late duplicate of any of them changes nothing.
      expect((await store.recordCompletion(key, EXPECTED, completion(order[0]!))).kind).toBe("triggered-before");
    }
  });

  it("an unexpected name never counts towards the list (membership, not a count)", async () => {
    for (const p of EXPECTED.slice(0, 4)) await store.recordCompletion(KEY, EXPECTED, completion(p));
    const d = await store.recordCompletion(KEY, EXPECTED, completion("player_game_summary_v2"));
    expect(d).toEqual({ kind: "waiting", missing: ["upcoming_team_game_context"] });
  });

  it("a missing processor: no trigger, and the monitor reports it once past the timeout", async () => {
    const first = "2024-01-16T08:00:00.000Z";
    for (const p of EXPECTED.filter((p) => p !== "team_offense_game_summary")) {
      expect((await store.recordCompletion(KEY, EXPECTED, completion(p, [], first))).kind).toBe("waiting");
    }
    const hour = 3_600_000;
    const before = await findStuckTransitions(store, () => hour, Date.parse(first) + hour / 2);
    expect(before).toEqual([]);
    const stuck = await findStuckTransitions(store, () => hour, Date.parse(first) + 3 * hour);
    expect(stuck).toEqual([
      {
        transition: "phase3_to_phase4",
        windowKey: "2024-01-15",
        correlationId: "flow-1",
        completedCount: 4,
        expectedCount: 5,
        missing: ["team_offense_game_summary"],
        ageHours: 3,
        timeoutHours: 1,
      },
    ]);
    // Once complete it is no longer reported.
    await store.recordCompletion(KEY, EXPECTED, completion("team_offense_game_summary"));
    expect(await findStuckTransitions(store, () => hour, Date.parse(first) + 3 * hour)).toEqual([]);
  });

  it("a trigger decided but not published (crash) is reported again until marked published", async () => {
    for (const p of EXPECTED) await store.recordCompletion(KEY, EXPECTED, completion(p));
    const again = await store.recordCompletion(KEY, EXPECTED, completion(EXPECTED[0]!));
    expect(again).toMatchObject({ kind: "triggered-before", published: false });
    await store.markTriggerPublished(KEY);
    expect(await store.recordCompletion(KEY, EXPECTED, completion(EXPECTED[0]!))).toMatchObject({
      kind: "triggered-before",
      published: true,
    });
  });

  it("run claims: a live claim is refused, a dead holder's claim is taken over, a released claim is free", async () => {
    const me = { runId: "a", host: os.hostname(), pid: process.pid };
    expect(await store.claimRun("phase3", "2024-01-15", me, 3_600_000)).toEqual({ kind: "claimed" });
    expect((await store.claimRun("phase3", "2024-01-15", { ...me, runId: "b" }, 3_600_000)).kind).toBe(
      "running-elsewhere",
    );
    // A holder on another host is trusted until the claim is stale.
    await store.finishRun("phase3", "2024-01-15", "a");
    expect(await store.claimRun("phase3", "2024-01-15", { runId: "c", host: "elsewhere", pid: 1 }, 3_600_000)).toEqual({
      kind: "claimed",
    });
    expect((await store.claimRun("phase3", "2024-01-15", { ...me, runId: "d" }, 3_600_000)).kind).toBe(
      "running-elsewhere",
    );
    expect(await store.claimRun("phase3", "2024-01-15", { ...me, runId: "d" }, 0)).toEqual({ kind: "claimed" });
    // A process that no longer exists on this host holds nothing.
    await store.finishRun("phase3", "2024-01-15", "d");
    expect(
      await store.claimRun(
        "phase3",
        "2024-01-15",
        { runId: "e", host: os.hostname(), pid: 2 ** 22 + 12345 },
        3_600_000,
      ),
    ).toEqual({ kind: "claimed" });
    expect(await store.claimRun("phase3", "2024-01-15", { ...me, runId: "f" }, 3_600_000)).toEqual({ kind: "claimed" });
  });
});
