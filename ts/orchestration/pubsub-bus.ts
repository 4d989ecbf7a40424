import type { PubSub } from "@google-cloud/pubsub";
import { v1 } from "@google-cloud/pubsub";
import type { Logger } from "../config/logger.ts";
import type { Bus, Delivery, DrainReport, Handler } from "./bus.ts";
import type { DeadLetters } from "./dead-letters.ts";
import { type EnvelopeInput, InvalidEnvelopeError, parseEnvelope, serializeEnvelope } from "./envelope.ts";

/**
 * The gcp Bus: Pub/Sub. publish() validates and publishes the envelope as UTF-8 JSON data with the message id in
 * the `message_id` attribute (consumers de-duplicate on it). A topic's handler reads the subscription
 * `<topic>-orchestration` by synchronous pull; a message is acknowledged after its handler returned, so Pub/Sub
 * redelivers it after a crash (at least once). An invalid message is dead-lettered and acknowledged; a handler
 * failure leaves it unacknowledged (nack: ack deadline 0) for redelivery.
 */
/** A subscriber client with the publisher client's resolved options (endpoint, emulator host, credentials). */
export function subscriberFor(pubsub: PubSub): v1.SubscriberClient {
  const { port, ...options } = pubsub.options;
  return new v1.SubscriberClient({ ...options, port: port === undefined ? undefined : Number(port) });
}

export class PubSubBus implements Bus {
  private readonly handlers = new Map<string, Handler>();

  constructor(
    private readonly pubsub: PubSub,
    private readonly subscriber: v1.SubscriberClient,
    private readonly project: string,
    private readonly deadLetters: DeadLetters,
    private readonly logger?: Logger,
    private readonly maxDeliveries = 5,
  ) {}

  async publish(topic: string, envelope: EnvelopeInput, options: { messageId?: string } = {}): Promise<string> {
    let payload: string;
    try {
      payload = serializeEnvelope(envelope);
    } catch (error) {
      await this.deadLetters.keep(
        topic,
        options.messageId ?? null,
        JSON.stringify(envelope) ?? "",
        `rejected on publish: ${(error as Error).message}`,
      );
      throw error;
    }
    const id = options.messageId ?? crypto.randomUUID();
    await this.pubsub
      .topic(topic)
      .publishMessage({ data: Buffer.from(payload, "utf8"), attributes: { message_id: id } });
    return id;
  }

  subscribe(topic: string, handler: Handler): void {
    if (this.handlers.has(topic)) throw new Error(`topic ${topic} already has a subscriber`);
    this.handlers.set(topic, handler);
  }

  subscriptionName(topic: string): string {
    return `projects/${this.project}/subscriptions/${topic}-orchestration`;
  }

  /** Pulls every subscribed topic until none returns a message. */
  async drain(): Promise<DrainReport> {
    let delivered = 0;
    let deadLettered = 0;
    for (let progressed = true; progressed; ) {
      progressed = false;
      for (const [topic, handler] of this.handlers) {
        const subscription = this.subscriptionName(topic);
        const [response] = await this.subscriber.pull({ subscription, maxMessages: 10 });
        for (const received of response.receivedMessages ?? []) {
          progressed = true;
          const ackId = received.ackId!;
          const message = received.message ?? {};
          const id = message.attributes?.message_id ?? message.messageId ?? null;
          const payload = Buffer.from(message.data ?? "").toString("utf8");
          const attempt = received.deliveryAttempt || 1;
          let delivery: Delivery;
          try {
            delivery = { messageId: id ?? "", topic, envelope: parseEnvelope(payload), attempt };
          } catch (error) {
            await this.deadLetters.keep(topic, id, payload, `rejected on receive: ${(error as Error).message}`);
            await this.subscriber.acknowledge({ subscription, ackIds: [ackId] });
            deadLettered += 1;
            continue;
          }
          try {
            await handler(delivery);
            await this.subscriber.acknowledge({ subscription, ackIds: [ackId] });
            delivered += 1;
          } catch (error) {
            if (error instanceof InvalidEnvelopeError || attempt >= this.maxDeliveries) {
              await this.deadLetters.keep(
                topic,
                id,
                payload,
                `handler failed on delivery ${attempt}: ${(error as Error).message}`,
              );
              await this.subscriber.acknowledge({ subscription, ackIds: [ackId] });
              deadLettered += 1;
            } else {
              this.logger?.warn(
                { topic, messageId: id, attempt, err: (error as Error).message },
                "handler failed; will redeliver",
              );
              await this.subscriber.modifyAckDeadline({ subscription, ackIds: [ackId], ackDeadlineSeconds: 0 });
            }
          }
        }
      }
    }
    return { delivered, deadLettered, unread: [] };
  }

  async close(): Promise<void> {
    await this.pubsub.close();
    await this.subscriber.close();
  }
}
