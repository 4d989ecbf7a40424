import type { Config } from "../config/config.ts";
import type { Logger } from "../config/logger.ts";
import type { Bus } from "./bus.ts";
import type { CompletionStore } from "./completion-store.ts";
import type { DeadLetters } from "./dead-letters.ts";

/** The gcp runtime's Bus (Pub/Sub) and CompletionStore (Firestore). */
export function gcpOrchestration(_config: Config, _deadLetters: DeadLetters, _logger: Logger): { bus: Bus; store: CompletionStore } {
  throw new Error("NBA_PROPS_RUNTIME=gcp: the Pub/Sub bus and Firestore completion store are not built yet; run with the local runtime");
}
