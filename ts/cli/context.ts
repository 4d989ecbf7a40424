import path from "node:path";
import { type Config, loadConfig } from "../config/config.ts";
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
