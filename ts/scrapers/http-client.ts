import type { Logger } from "pino";
import { realSleep, retryWait, type Sleep } from "./backoff.ts";
import { ScrapeError } from "./errors.ts";

/**
 * The one HTTP client every scraper uses (Node 20 global fetch).
 * - each attempt has a timeout (AbortController) covering the headers *and* the body;
 * - retried: network errors, timeouts, 429 and 5xx, up to `maxRetries` retries (1 + maxRetries attempts),
 *   waiting per backoff.ts (Retry-After honoured, every wait capped by `backoffCapMs`);
 * - not retried: other 4xx (clear error with source, redacted URL and status) and DNS/unreachable network
 *   (fails fast: "cannot reach <host>");
 * - `finalStatuses` (e.g. 204, 404 "not published yet") are returned to the caller, not errors.
 * The URL given is the real one (it may hold an API key); only `redactedUrl` is ever logged or put in errors.
 */
export interface HttpPolicy {
  timeoutMs: number;
  maxRetries: number;
  backoffCapMs: number;
  baseDelayMs: number;
  /** Largest body accepted (bytes, after Content-Encoding is undone); a larger one is refused while streaming. */
  maxBodyBytes?: number;
}

export interface HttpDeps {
  fetch?: typeof globalThis.fetch;
  sleep?: Sleep;
  random?: () => number;
  logger?: Logger;
  /** Scrubs secret values from free text (error causes) before it is logged or thrown. */
  redact?: (text: string) => string;
}

export interface HttpRequest {
  source: string;
  url: string;
  redactedUrl: string;
  headers: Record<string, string>;
  finalStatuses?: readonly number[];
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
  attempts: number;
}

const UNREACHABLE_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "EAI_NONAME"]);

export const DEFAULT_BASE_DELAY_MS = 1000;
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The body, streamed and counted: refused (not retried) as soon as it passes `maxBytes`, never held whole. */
async function readBody(res: Response, req: HttpRequest, maxBytes: number, attempt: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new ScrapeError(
      "too_large",
      `${req.source}: response body from ${req.redactedUrl} is larger than ${maxBytes} bytes (the limit per payload): refused`,
      {
        source: req.source,
        url: req.redactedUrl,
        status: res.status,
        attempts: attempt,
      },
    );
  const declared = Number(res.headers.get("content-length"));
  if (res.headers.get("content-encoding") === null && Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      await res.body.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export async function fetchWithRetry(req: HttpRequest, policy: HttpPolicy, deps: HttpDeps = {}): Promise<HttpResponse> {
  const doFetch = deps.fetch ?? globalThis.fetch;
  const sleep = deps.sleep ?? realSleep;
  const redact = deps.redact ?? ((t: string) => t);
  const log = deps.logger;
  const host = hostOf(req.redactedUrl);
  const maxAttempts = 1 + Math.max(0, policy.maxRetries);
  let lastProblem = "";
  let lastStatus: number | undefined;

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    log?.debug({ source: req.source, url: req.redactedUrl, attempt }, "http request");
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
    let retryAfter: string | null = null;
    try {
      const res = await doFetch(req.url, { headers: req.headers, signal: controller.signal, redirect: "follow" });
      if ((res.status >= 200 && res.status < 300) || req.finalStatuses?.includes(res.status)) {
        const body = await readBody(res, req, policy.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, attempt);
        log?.debug(
          { source: req.source, url: req.redactedUrl, attempt, status: res.status, bytes: body.byteLength },
          "http response",
        );
        return { status: res.status, headers: res.headers, body, attempts: attempt };
      }
      const snippet = await bodySnippet(res, redact);
      lastStatus = res.status;
      if (res.status !== 429 && res.status < 500) {
        throw new ScrapeError(
          "http_status",
          `${req.source}: HTTP ${res.status} ${res.statusText} from ${req.redactedUrl}${snippet ? `: ${snippet}` : ""}`,
          { source: req.source, url: req.redactedUrl, status: res.status, attempts: attempt },
        );
      }
      retryAfter = res.headers.get("retry-after");
      lastProblem = `HTTP ${res.status}${snippet ? ` (${snippet})` : ""}`;
    } catch (error) {
      if (error instanceof ScrapeError) throw error;
      const code = errorCode(error);
      if (code && UNREACHABLE_CODES.has(code)) {
        throw new ScrapeError("unreachable", `${req.source}: cannot reach ${host} (${code}) for ${req.redactedUrl}`, {
          source: req.source,
          url: req.redactedUrl,
          attempts: attempt,
        });
      }
      lastStatus = undefined;
      lastProblem = controller.signal.aborted
        ? `timeout after ${policy.timeoutMs} ms`
        : `network error: ${redact(describe(error))}`;
    } finally {
      clearTimeout(timer);
    }

    if (attempt < maxAttempts) {
      const waitMs = retryWait(
        attempt,
        retryAfter,
        { baseDelayMs: policy.baseDelayMs, capMs: policy.backoffCapMs },
        deps.random,
      );
      log?.warn(
        {
          source: req.source,
          url: req.redactedUrl,
          attempt,
          problem: lastProblem,
          waitMs,
          retryAfter: retryAfter ?? undefined,
        },
        "http retry",
      );
      await sleep(waitMs);
    }
  }
  throw new ScrapeError(
    "retries_exhausted",
    `${req.source}: gave up after ${maxAttempts} attempts on ${req.redactedUrl}: last ${lastProblem}`,
    { source: req.source, url: req.redactedUrl, status: lastStatus, attempts: maxAttempts },
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "the server";
  }
}

function errorCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

/** First 200 chars of an error body (redacted whole before it is cut), always consuming the body to free the socket. */
async function bodySnippet(res: Response, redact: (text: string) => string): Promise<string> {
  try {
    const text = (await res.text()).slice(0, 64 * 1024);
    return redact(text).replace(/\s+/g, " ").trim().slice(0, 200);
  } catch {
    return "";
  }
}
