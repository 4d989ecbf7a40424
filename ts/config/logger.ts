import { pino, type Logger } from "pino";

/** Field paths whose values are secrets; pino replaces them before anything is written. */
export const REDACTED_PATHS = [
  "apiKey",
  "api_key",
  "*.apiKey",
  "*.api_key",
  "secrets",
  "*.secrets",
  "headers.authorization",
  "*.headers.authorization",
];

/** Structured logs go to stderr so stdout stays for command output (tables, JSON, SQL). */
export function createLogger(level = process.env.NBA_PROPS_LOG_LEVEL ?? "info"): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } }, pino.destination(2));
}

export type { Logger };
