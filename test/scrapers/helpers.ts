import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { type Logger, pino } from "pino";
import { expect } from "vitest";
import { type Config, loadConfig } from "../../ts/config/config.ts";
import { REDACTED_PATHS } from "../../ts/config/logger.ts";
import { LocalRawArchive } from "../../ts/raw/local-archive.ts";
import { ScrapeError } from "../../ts/scrapers/errors.ts";

/** A node:http server on 127.0.0.1 (port 0) whose behaviour each test sets with `handle`. */
/** Awaits a scrape that must fail, and returns its ScrapeError. */
export async function scrapeFailure(p: Promise<unknown>): Promise<ScrapeError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(ScrapeError);
    return error as ScrapeError;
  }
  throw new Error("expected the scrape to fail");
}

export type Handler = (req: IncomingMessage, res: ServerResponse, index: number) => void | Promise<void>;

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: IncomingMessage["headers"];
}

export class TestServer {
  readonly requests: RecordedRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private handler: Handler = (_req, res) => send(res, 500, "no handler");
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly server = createServer((req, res) => {
    const index = this.requests.length;
    this.requests.push({
      method: req.method ?? "GET",
      url: new URL(req.url ?? "/", this.baseUrl),
      headers: req.headers,
    });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on("close", () => this.inFlight--);
    Promise.resolve(this.handler(req, res, index)).catch((error) => {
      if (!res.headersSent) send(res, 599, String(error));
    });
  });
  baseUrl = "";

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  handle(handler: Handler): void {
    this.handler = handler;
    this.requests.length = 0;
    this.maxInFlight = 0;
  }

  /** A delay that is cancelled when the server closes (slow-server tests). */
  delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function send(
  res: ServerResponse,
  status: number,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, {
    "content-type": typeof body === "string" ? "application/json" : "application/pdf",
    ...headers,
  });
  res.end(body);
}

export function sendJson(res: ServerResponse, value: unknown, headers: Record<string, string> = {}): void {
  send(res, 200, JSON.stringify(value), headers);
}

export const TEST_ODDS_KEY = "k3y-5ecret-0dds-api-7f1e9a";

export interface TestEnv {
  dir: string;
  config: Config;
  archive: LocalRawArchive;
  cleanup(): Promise<void>;
}

/** A project in a temp dir whose sources point at `baseUrl`; fast retry settings. */
export async function testEnv(baseUrl: string, env: Record<string, string> = {}): Promise<TestEnv> {
  const dir = await mkdtemp(path.join(tmpdir(), "nba-props-scrapers-"));
  const config = loadConfig(dir, {
    NBA_PROPS_HOME: ".nba-props",
    NBA_STATS_BASE_URL: `${baseUrl}/stats`,
    NBA_INJURY_BASE_URL: `${baseUrl}/referee/injury`,
    ODDS_API_BASE_URL: `${baseUrl}/v4`,
    ODDS_API_KEY: TEST_ODDS_KEY,
    NBA_PROPS_HTTP_TIMEOUT_MS: "2000",
    NBA_PROPS_HTTP_MAX_RETRIES: "3",
    NBA_PROPS_HTTP_BACKOFF_CAP_MS: "60000",
    NBA_PROPS_SCRAPE_CONCURRENCY: "2",
    ...env,
  });
  return {
    dir,
    config,
    archive: new LocalRawArchive(config.rawArchiveDir),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** pino with the project's redaction, writing every line into memory. */
export function captureLogger(): { logger: Logger; text: () => string; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  const logger = pino({ level: "trace", redact: { paths: REDACTED_PATHS, censor: "[redacted]" } }, stream);
  const text = () => chunks.join("");
  return {
    logger,
    text,
    lines: () =>
      text()
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** An injected sleep that records the waits and returns at once. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

export const FIXED_NOW = new Date("2025-01-16T09:30:15.250Z");
