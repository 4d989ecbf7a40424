import { type Logger, pino } from "pino";
import pretty from "pino-pretty";
import type { LogFormat } from "./log-format.ts";
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

/**
 * Structured logs go to stderr so stdout stays for command output (tables, JSON, SQL). Redaction runs before either
 * format is written; colours only when stderr is a terminal.
 */
export function createLogger(
  level = process.env.NBA_PROPS_LOG_LEVEL ?? "info",
  format: LogFormat = process.env.NBA_PROPS_LOG_FORMAT === "json" ? "json" : "pretty",
  redact?: Redactor,
): Logger {
  // Every line also passes through `redact` (the configured secrets in any encoding) before either format writes it,
  // and leaves as one object with unique keys: pino appends a call's fields after its bindings (pid, hostname, a
  // child's fields) without checking, so a repeated key is collapsed to the call's own value.
  const write = (line: string) => uniqueKeys(redact ? redact(line) : line);
  const options = { level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" }, hooks: { streamWrite: write } };
  if (format === "json") return pino(options, pino.destination(2));
  const stream = pretty({
    destination: 2,
    sync: true,
    colorize: process.stderr.isTTY === true,
    ignore: "pid,hostname",
    translateTime: "SYS:HH:MM:ss.l",
    singleLine: true,
  });
  return pino(options, stream);
}

export type { Logger };

/** A JSON log line re-serialised so each key appears once (the last value wins, as JSON.parse reads it). */
function uniqueKeys(line: string): string {
  try {
    return `${JSON.stringify(JSON.parse(line))}\n`;
  } catch {
    return line;
  }
}
