import { Firestore } from "@google-cloud/firestore";
import { PubSub } from "@google-cloud/pubsub";
import type { Config } from "../config/config.ts";
import type { Logger } from "../config/logger.ts";
import type { Bus } from "./bus.ts";
import type { CompletionStore } from "./completion-store.ts";
import type { DeadLetters } from "./dead-letters.ts";
import { FirestoreCompletionStore } from "./firestore-completion-store.ts";
import { PubSubBus, subscriberFor } from "./pubsub-bus.ts";

/**
 * The gcp runtime's Bus (Pub/Sub) and CompletionStore (Firestore) for the configured project. The clients take
 * credentials from the environment (Application Default Credentials) and honour PUBSUB_EMULATOR_HOST /
 * FIRESTORE_EMULATOR_HOST.
 */
export function gcpOrchestration(
  config: Config,
  deadLetters: DeadLetters,
  logger: Logger,
): { bus: Bus; store: CompletionStore } {
  const projectId = config.gcp.project;
  const pubsub = new PubSub({ projectId });
  const bus = new PubSubBus(pubsub, subscriberFor(pubsub), projectId, deadLetters, logger);
  const store = new FirestoreCompletionStore(new Firestore({ projectId }), config.datasetPrefix);
  return { bus, store };
}
