import type { Envelope, EnvelopeInput } from "./envelope.ts";

/**
 * The Bus port (DESIGN.md §3): publish an envelope to a topic, deliver it to the topic's handler at least once.
 * Local: a DuckDB outbox delivered in-process (local-bus.ts); gcp: Pub/Sub (pubsub-bus.ts). Both validate the
 * envelope on publish and on receive and dead-letter what does not validate.
 */
export interface Delivery {
  messageId: string;
  topic: string;
  envelope: Envelope;
  /** 1 on the first delivery; more after a handler failure or a crash before the acknowledgement. */
  attempt: number;
}

export type Handler = (delivery: Delivery) => Promise<void>;

export interface DrainReport {
  delivered: number;
  deadLettered: number;
  /** Messages left on topics nobody reads (a wiring error: reported, never silently kept). */
  unread: { topic: string; count: number }[];
}

export interface Bus {
  /** Validates and publishes; a given messageId is published once (a repeat is ignored). Returns the id. */
  publish(topic: string, envelope: EnvelopeInput, options?: { messageId?: string }): Promise<string>;
  subscribe(topic: string, handler: Handler): void;
  /** Delivers until nothing deliverable is left (including messages left unacknowledged by a crashed process). */
  drain(): Promise<DrainReport>;
  close(): Promise<void>;
}
