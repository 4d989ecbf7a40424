import { Firestore } from "@google-cloud/firestore";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Completion, TransitionKey } from "../../ts/orchestration/completion-store.ts";
import { FirestoreCompletionStore } from "../../ts/orchestration/firestore-completion-store.ts";
import { findStuckTransitions } from "../../ts/orchestration/monitor.ts";
import { startFirestoreEmulator } from "./firestore-emulator.ts";

/**
 * The Firestore CompletionStore through the real @google-cloud/firestore client (gRPC) against the pure-JS emulator
 * @firestore-emulator/server, bound to 127.0.0.1. The emulator does not isolate transactions (its transaction ids
 * are dummies), so concurrency is proven on the local store; here the documents and decisions are.
 */
const EXPECTED = ["player_game_summary", "team_offense_game_summary", "upcoming_team_game_context"];

const completion = (processor: string, at = "2024-01-16T08:00:00.000Z"): Completion => ({
  processor,
  status: "success",
  recordCount: 3,
  isIncremental: true,
  players: processor.startsWith("player") ? ["lebronjames"] : [],
  teams: processor.startsWith("team") ? ["LAL"] : [],
  outputVersion: `${processor}-v1`,
  executionId: "run-1",
  completedAt: at,
});

describe("FirestoreCompletionStore (Firestore client against an in-process emulator)", () => {
  let emulator: Awaited<ReturnType<typeof startFirestoreEmulator>> | undefined;
  let db: Firestore;
  let store: FirestoreCompletionStore;
  const previous = process.env.FIRESTORE_EMULATOR_HOST;

  beforeAll(async () => {
    emulator = await startFirestoreEmulator();
    process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
    db = new Firestore({ projectId: "nba-props-test" });
    store = new FirestoreCompletionStore(db, "test_");
  });

  afterAll(async () => {
    await db?.terminate();
    emulator?.stop();
    if (previous === undefined) delete process.env.FIRESTORE_EMULATOR_HOST;
    else process.env.FIRESTORE_EMULATOR_HOST = previous;
  });

  it("records each processor once and triggers exactly once when the expected list is complete, in any order", async () => {
    const key: TransitionKey = { transition: "phase3_to_phase4", windowKey: "2024-01-15", correlationId: "flow-a" };
    const kinds: string[] = [];
    for (const p of [EXPECTED[2]!, EXPECTED[0]!, EXPECTED[2]!, EXPECTED[1]!, EXPECTED[0]!])
      kinds.push((await store.recordCompletion(key, EXPECTED, completion(p))).kind);
    expect(kinds).toEqual(["waiting", "waiting", "waiting", "trigger", "triggered-before"]);
    const doc = (
      await db.collection("test_transition_completions").doc("phase3_to_phase4__2024-01-15__flow-a").get()
    ).data()!;
    expect(Object.keys(doc.entries).sort()).toEqual([...EXPECTED].sort());
    expect(doc.triggered).toBe(true);
    expect(doc.expected).toEqual(EXPECTED);
    expect(doc.entries.player_game_summary.players).toEqual(["lebronjames"]);
  });

  it("a trigger not yet published is reported as such until marked", async () => {
    const key: TransitionKey = { transition: "raw_to_phase3", windowKey: "2024-01-15", correlationId: "flow-b" };
    for (const p of EXPECTED) await store.recordCompletion(key, EXPECTED, completion(p));
    expect(await store.recordCompletion(key, EXPECTED, completion(EXPECTED[0]!))).toMatchObject({
      kind: "triggered-before",
      published: false,
    });
    await store.markTriggerPublished(key);
    expect(await store.recordCompletion(key, EXPECTED, completion(EXPECTED[0]!))).toMatchObject({
      kind: "triggered-before",
      published: true,
    });
  });

  it("a missing processor never triggers and the monitor reports it", async () => {
    const key: TransitionKey = {
      transition: "phase4_to_predictions",
      windowKey: "2024-01-15",
      correlationId: "flow-c",
    };
    const first = "2024-01-16T08:00:00.000Z";
    expect((await store.recordCompletion(key, EXPECTED, completion(EXPECTED[0]!, first))).kind).toBe("waiting");
    expect(await store.recordCompletion(key, EXPECTED, completion("unknown_processor", first))).toEqual({
      kind: "waiting",
      missing: EXPECTED.slice(1),
    });
    const stuck = await findStuckTransitions(store, () => 3_600_000, Date.parse(first) + 2 * 3_600_000);
    expect(stuck.map((s) => [s.transition, s.correlationId, s.missing])).toEqual([
      ["phase4_to_predictions", "flow-c", EXPECTED.slice(1)],
    ]);
  });

  it("run claims: refused while live, free after finishRun", async () => {
    const me = { runId: "r1", host: "host-a", pid: 1 };
    expect(await store.claimRun("phase3", "2024-01-15", me, 3_600_000)).toEqual({ kind: "claimed" });
    expect((await store.claimRun("phase3", "2024-01-15", { ...me, runId: "r2" }, 3_600_000)).kind).toBe(
      "running-elsewhere",
    );
    await store.finishRun("phase3", "2024-01-15", "r1");
    expect(await store.claimRun("phase3", "2024-01-15", { ...me, runId: "r2" }, 3_600_000)).toEqual({
      kind: "claimed",
    });
  });
});
