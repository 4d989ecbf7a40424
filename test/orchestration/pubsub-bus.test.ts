import fs from "node:fs";
import { PubSub } from "@google-cloud/pubsub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { DeadLetters } from "../../ts/orchestration/dead-letters.ts";
import { InvalidEnvelopeError } from "../../ts/orchestration/envelope.ts";
import { PubSubBus, subscriberFor } from "../../ts/orchestration/pubsub-bus.ts";
import { completionEnvelope, orchestrationWarehouse, tempDir } from "./helpers.ts";
import { PubSubFake } from "./pubsub-fake.ts";

describe("PubSubBus (Pub/Sub client against a local gRPC fake)", () => {
  const fake = new PubSubFake();
  let dir: string;
  let w: DuckDbWarehouse;
  let bus: PubSubBus;
  const previous = process.env.PUBSUB_EMULATOR_HOST;

  beforeAll(async () => {
    process.env.PUBSUB_EMULATOR_HOST = await fake.start();
    dir = tempDir();
    w = await orchestrationWarehouse(dir);
    const pubsub = new PubSub({ projectId: "nba-props-test" });
    bus = new PubSubBus(pubsub, subscriberFor(pubsub), "nba-props-test", new DeadLetters(w, ""), undefined, 3);
  });

  afterAll(async () => {
    await bus?.close();
    fake.stop();
    await w?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (previous === undefined) delete process.env.PUBSUB_EMULATOR_HOST;
    else process.env.PUBSUB_EMULATOR_HOST = previous;
  });

  it("publishes the validated envelope as JSON data with the message id attribute, and refuses an invalid one before any request", async () => {
    await bus.publish("nba-phase3-analytics-complete", completionEnvelope(), {
      messageId: "phase3:player_game_summary:flow-1",
    });
    const publish = fake.requests.filter((r) => r.method === "Publish");
    expect(publish).toHaveLength(1);
    expect(publish[0]!.request.topic).toBe("projects/nba-props-test/topics/nba-phase3-analytics-complete");
    const [message] = publish[0]!.request.messages as { data: Buffer; attributes: Record<string, string> }[];
    expect(message!.attributes).toEqual({ message_id: "phase3:player_game_summary:flow-1" });
    const body = JSON.parse(message!.data.toString("utf8")) as Record<string, unknown>;
    expect(body).toMatchObject({
      processor_name: "player_game_summary",
      correlation_id: "flow-1",
      status: "success",
      record_count: 10,
    });
    await expect(
      bus.publish("nba-phase3-analytics-complete", { ...completionEnvelope(), status: "done" } as never),
    ).rejects.toThrow(InvalidEnvelopeError);
    expect(fake.requests.filter((r) => r.method === "Publish")).toHaveLength(1);
  });

  it("delivers at least once: a failed handler's message is returned (deadline 0) and redelivered, then acknowledged", async () => {
    const topic = "nba-phase4-trigger";
    const seen: number[] = [];
    bus.subscribe(topic, async (d) => {
      seen.push(d.attempt);
      if (d.attempt === 1) throw new Error("transient");
    });
    await bus.publish(topic, completionEnvelope({ processor_name: "phase3_to_phase4", phase: "phase_4_precompute" }), {
      messageId: "t-1",
    });
    const report = await bus.drain();
    expect(seen).toEqual([1, 2]);
    expect(report.delivered).toBe(1);
    const sub = "projects/nba-props-test/subscriptions/nba-phase4-trigger-orchestration";
    const calls = fake.requests
      .filter((r) => r.request.subscription === sub)
      .map((r) => [r.method, r.request.ackDeadlineSeconds ?? null]);
    expect(calls).toEqual([
      ["Pull", null],
      ["ModifyAckDeadline", 0],
      ["Pull", null],
      ["Acknowledge", null],
      ["Pull", null],
    ]);
  });

  it("dead-letters and acknowledges a malformed message on receive, never calling the handler", async () => {
    const topic = "nba-grading-trigger";
    const handled: string[] = [];
    bus.subscribe(topic, async (d) => void handled.push(d.messageId));
    const sub = "projects/nba-props-test/subscriptions/nba-grading-trigger-orchestration";
    fake.subscriptions.set(sub, [
      {
        ackId: "bad-1",
        data: Buffer.from("{not json"),
        attributes: { message_id: "bad-1" },
        deliveries: 0,
        acked: false,
        leasedUntil: 0,
      },
    ]);
    const report = await bus.drain();
    expect(report.deadLettered).toBe(1);
    expect(handled).toEqual([]);
    expect(fake.subscriptions.get(sub)![0]!.acked).toBe(true);
    const [dl] = await w.query<{ error: string; payload: string }>(
      "SELECT error, payload FROM nba_processing.dead_letters WHERE message_id = 'bad-1'",
    );
    expect(dl!.error).toMatch(/^rejected on receive: invalid envelope: not JSON/);
    expect(dl!.payload).toBe("{not json");
  });
});
