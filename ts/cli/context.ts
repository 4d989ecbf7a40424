import path from "node:path";
import { loadConfig, type Config } from "../config/config.ts";
import { createLogger, type Logger } from "../config/logger.ts";
import { createRedactor, type Redactor } from "../config/redact.ts";

/** What every command gets: the project directory (--project, default cwd), its config and a logger. */
export interface CommandContext {
  projectDir: string;
  config: Config;
  logger: Logger;
  /** Scrubs every configured secret (any encoding) from text: everything a command prints goes through it. */
  redact: Redactor;
}

export function createContext(projectOption: string | undefined): CommandContext {
  const projectDir = path.resolve(projectOption ?? process.cwd());
  const config = loadConfig(projectDir);
  const redact = createRedactor(Object.values(config.secrets));
  return { projectDir, config, logger: createLogger(config.logLevel, config.logFormat, redact), redact };
}

/** Parses `k=v,k2=v2` (the CLI's --vars form) into a record; values may not contain commas. */
export function parseVars(value: string | undefined): Record<string, string> {
  if (!value) return {};
  const vars: Record<string, string> = {};
  for (const pair of value.split(",")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new Error(`--vars: expected key=value, got "${pair}"`);
    vars[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return vars;
}
