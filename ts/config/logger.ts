import { pino, type Logger } from "pino";
import type { Redactor } from "./redact.ts";

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
/** Every line also passes through `redact` (the configured secrets in any encoding) on its way out. */
export function createLogger(level = process.env.NBA_PROPS_LOG_LEVEL ?? "info", redact?: Redactor): Logger {
  return pino(
    { level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" }, ...(redact ? { hooks: { streamWrite: redact } } : {}) },
    pino.destination(2),
  );
}

export type { Logger };
