import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import {
  InvalidEnvelopeError,
  MAX_ENVELOPE_BYTES,
  parseEnvelope,
  serializeEnvelope,
} from "../../ts/orchestration/envelope.ts";
import { LocalBus } from "../../ts/orchestration/local-bus.ts";
import { completionEnvelope, deadLetters, orchestrationWarehouse, tempDir } from "./helpers.ts";

/** A deterministic pseudo-random generator, so a failing case can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const FIELDS = [
  "processor_name",
  "phase",
  "execution_id",
  "correlation_id",
  "game_date",
  "status",
  "timestamp",
  "record_count",
  "duration_seconds",
  "entities_changed",
  "is_incremental",
  "metadata",
  "output_table",
] as const;
const WRONG_VALUES: unknown[] = [
  null,
  42,
  -1,
  1.5,
  true,
  "",
  "x".repeat(300),
  [],
  {},
  "2024-02-30",
  "Not Snake",
  "DROP TABLE x;--",
  { players: "a" },
];

/** Malformed envelopes: a required field removed, a field given a wrong type or value, an unknown field, oversized. */
function malformed(count: number): { label: string; value: unknown }[] {
  const next = rng(13);
  const out: { label: string; value: unknown }[] = [];
  const required = ["processor_name", "phase", "execution_id", "correlation_id", "game_date", "status", "timestamp"];
  for (const field of required) {
    const e: Record<string, unknown> = { ...completionEnvelope() };
    delete e[field];
    out.push({ label: `missing ${field}`, value: e });
  }
  out.push({ label: "unknown field", value: { ...completionEnvelope(), surprise: 1 } });
  out.push({ label: "oversized", value: completionEnvelope({ metadata: { blob: "x".repeat(MAX_ENVELOPE_BYTES) } }) });
  out.push({ label: "not an object", value: "just text" });
  out.push({ label: "array", value: [completionEnvelope()] });
  while (out.length < count) {
    const field = FIELDS[Math.floor(next() * FIELDS.length)]!;
    const value = WRONG_VALUES[Math.floor(next() * WRONG_VALUES.length)];
    const candidate = { ...completionEnvelope(), [field]: value };
    // Keep only values that really are wrong for the field (e.g. {} is a valid metadata).
    if (EnvelopeIsValid(candidate)) continue;
    out.push({ label: `${field} = ${JSON.stringify(value)?.slice(0, 40)}`, value: candidate });
  }
  return out;
}

function EnvelopeIsValid(value: unknown): boolean {
  try {
    parseEnvelope(value);
    return true;
  } catch {
    return false;
  }
}

describe("envelope", () => {
  let dir: string;
  let w: DuckDbWarehouse;
  beforeEach(async () => {
    dir = tempDir();
    w = await orchestrationWarehouse(dir);
  });
  afterEach(async () => {
    await w.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("accepts a complete envelope, fills the defaults and drops null keys on the wire", () => {
    const wire = JSON.parse(
      serializeEnvelope({ ...completionEnvelope(), error_message: null, record_count: undefined }),
    ) as Record<string, unknown>;
    expect(wire).not.toHaveProperty("error_message");
    expect(wire.record_count).toBe(0);
    expect(wire.records_failed).toBe(0);
    expect(parseEnvelope(JSON.stringify(wire)).processor_name).toBe("player_game_summary");
  });

  it("names every problem of an invalid envelope", () => {
    const e = (() => {
      try {
        parseEnvelope({ ...completionEnvelope(), status: "done", game_date: "2024-13-01" });
      } catch (error) {
        return error as InvalidEnvelopeError;
      }
      throw new Error("accepted");
    })();
    expect(e).toBeInstanceOf(InvalidEnvelopeError);
    expect(e.message).toContain("status");
    expect(e.message).toContain("game_date");
  });

  it("rejects 100% of fuzzed malformed envelopes on publish, and keeps each in the dead-letter table", async () => {
    const bus = new LocalBus(w, "", deadLetters(w));
    const cases = malformed(200);
    let rejected = 0;
    for (const c of cases) {
      await expect(bus.publish("nba-phase3-analytics-complete", c.value as never), c.label).rejects.toThrow(
        InvalidEnvelopeError,
      );
      rejected += 1;
    }
    expect(rejected).toBe(cases.length);
    const [dl] = await w.query<{ n: number; clear: number }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE error LIKE 'rejected on publish: invalid envelope:%' OR error LIKE 'rejected on publish: %bytes%') AS clear FROM nba_processing.dead_letters`,
    );
    expect(Number(dl!.n)).toBe(cases.length);
    expect(Number(dl!.clear)).toBe(cases.length);
    const [outbox] = await w.query<{ n: number }>("SELECT count(*) AS n FROM nba_orchestration.outbox");
    expect(Number(outbox!.n)).toBe(0);
  });

  it("rejects malformed messages on receive (written by another producer), dead-letters them and never calls the handler", async () => {
    const bus = new LocalBus(w, "", deadLetters(w));
    const handled: string[] = [];
    bus.subscribe("nba-phase3-analytics-complete", async (d) => void handled.push(d.messageId));
    const cases = malformed(60);
    const payloads = [
      ...cases.map((c) => (typeof c.value === "string" ? c.value : JSON.stringify(c.value))),
      "{not json",
      "",
    ];
    let seq = 0;
    for (const p of payloads) {
      await w.execute(
        `INSERT INTO nba_orchestration.outbox (seq, message_id, topic, payload, published_at) VALUES ($s, $id, 'nba-phase3-analytics-complete', $p, current_timestamp)`,
        {
          params: { s: ++seq, id: `foreign-${seq}`, p },
        },
      );
    }
    await bus.publish("nba-phase3-analytics-complete", completionEnvelope(), { messageId: "good" });
    const report = await bus.drain();
    expect(report.deadLettered).toBe(payloads.length);
    expect(report.delivered).toBe(1);
    expect(handled).toEqual(["good"]);
    const [dl] = await w.query<{ n: number }>(
      `SELECT count(*) AS n FROM nba_processing.dead_letters WHERE error LIKE 'rejected on receive: invalid envelope:%'`,
    );
    expect(Number(dl!.n)).toBe(payloads.length);
  });
});
