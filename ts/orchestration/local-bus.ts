import { randomUUID } from "node:crypto";
import type { Logger } from "../config/logger.ts";
import type { DuckDbWarehouse } from "../engine/duckdb-warehouse.ts";
import type { Bus, Delivery, DrainReport, Handler } from "./bus.ts";
import type { DeadLetters } from "./dead-letters.ts";
import { type EnvelopeInput, InvalidEnvelopeError, parseEnvelope, serializeEnvelope } from "./envelope.ts";
import { orchestrationTable } from "./orchestration-tables.ts";

/**
 * The local Bus: an outbox table in the DuckDB file (DuckDB SQL: this is the Bus port's DuckDB adapter; the gcp
 * runtime's Bus is Pub/Sub, pubsub-bus.ts). publish() commits the message; drain() hands each
 * unacknowledged message, oldest first, to its topic's handler and acknowledges it only after the handler returned,
 * so a process killed mid-handler leaves the message to be delivered again by the next drain (at least once).
 * A handler that keeps failing stops after maxDeliveries: the message goes to the dead letters with the error.
 */
export class LocalBus implements Bus {
  private readonly outbox: string;
  private readonly seq: string;
  private readonly handlers = new Map<string, Handler>();

  constructor(
    private readonly warehouse: DuckDbWarehouse,
    prefix: string,
    private readonly deadLetters: DeadLetters,
    private readonly logger?: Logger,
    private readonly maxDeliveries = 3,
  ) {
    this.outbox = orchestrationTable(prefix, "outbox");
    this.seq = orchestrationTable(prefix, "outbox_seq");
  }

  async publish(topic: string, envelope: EnvelopeInput, options: { messageId?: string } = {}): Promise<string> {
    const id = options.messageId ?? randomUUID();
    let payload: string;
    try {
      payload = serializeEnvelope(envelope);
    } catch (error) {
      await this.deadLetters.keep(topic, id, safeJson(envelope), `rejected on publish: ${(error as Error).message}`);
      throw error;
    }
    await this.warehouse.execute(
      `INSERT INTO ${this.outbox} (seq, message_id, topic, payload, published_at) VALUES (nextval('${this.seqName()}'), $id, $topic, $payload, current_timestamp)
       ON CONFLICT DO NOTHING`,
      { params: { id, topic, payload } },
    );
    return id;
  }

  subscribe(topic: string, handler: Handler): void {
    if (this.handlers.has(topic)) throw new Error(`topic ${topic} already has a subscriber`);
    this.handlers.set(topic, handler);
  }

  async drain(): Promise<DrainReport> {
    let delivered = 0;
    let deadLettered = 0;
    for (;;) {
      const topics = [...this.handlers.keys()];
      if (topics.length === 0) break;
      const [next] = await this.warehouse.query<{
        message_id: string;
        topic: string;
        payload: string;
        deliveries: number;
      }>(
        `SELECT message_id, topic, payload, deliveries FROM ${this.outbox}
         WHERE acked_at IS NULL AND list_contains($topics::VARCHAR[], topic) ORDER BY seq LIMIT 1`,
        { params: { topics: JSON.stringify(topics) } },
      );
      if (!next) break;
      const attempt = Number(next.deliveries) + 1;
      await this.warehouse.execute(`UPDATE ${this.outbox} SET deliveries = $n WHERE message_id = $id`, {
        params: { n: attempt, id: next.message_id },
      });
      let delivery: Delivery;
      try {
        delivery = { messageId: next.message_id, topic: next.topic, envelope: parseEnvelope(next.payload), attempt };
      } catch (error) {
        await this.deadLetter(next, `rejected on receive: ${(error as Error).message}`);
        deadLettered += 1;
        continue;
      }
      try {
        await this.handlers.get(next.topic)!(delivery);
        await this.ack(next.message_id);
        delivered += 1;
      } catch (error) {
        if (error instanceof InvalidEnvelopeError || attempt >= this.maxDeliveries) {
          await this.deadLetter(next, `handler failed on delivery ${attempt}: ${(error as Error).message}`);
          deadLettered += 1;
        } else {
          this.logger?.warn(
            { topic: next.topic, messageId: next.message_id, attempt, err: (error as Error).message },
            "handler failed; will redeliver",
          );
        }
      }
    }
    const unread = await this.warehouse.query<{ topic: string; count: number }>(
      `SELECT topic, count(*) AS count FROM ${this.outbox} WHERE acked_at IS NULL GROUP BY topic ORDER BY topic`,
    );
    return { delivered, deadLettered, unread: unread.map((u) => ({ topic: u.topic, count: Number(u.count) })) };
  }

  async close(): Promise<void> {}

  private seqName(): string {
    // nextval takes the sequence's name as a string literal; it is built from the validated prefix only.
    return this.seq.replaceAll("'", "''");
  }

  private async ack(id: string): Promise<void> {
    await this.warehouse.execute(`UPDATE ${this.outbox} SET acked_at = current_timestamp WHERE message_id = $id`, {
      params: { id },
    });
  }

  private async deadLetter(m: { message_id: string; topic: string; payload: string }, error: string): Promise<void> {
    await this.deadLetters.keep(m.topic, m.message_id, m.payload, error);
    await this.ack(m.message_id);
    this.logger?.error({ topic: m.topic, messageId: m.message_id, error }, "message dead-lettered");
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
