import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Config } from "../config/config.ts";
import type { ArchiveMetadata, PutResult, RawArchive } from "../raw/archive.ts";
import { REJECTED_PREFIX } from "./archive-key.ts";
import type { Sleep } from "./backoff.ts";
import { ScrapeError } from "./errors.ts";
import { DEFAULT_BASE_DELAY_MS, fetchWithRetry } from "./http-client.ts";
import { formatIssues } from "./payload.ts";
import { redactUrl, secretRedactor } from "./redact.ts";
import type { ArchivedPayload, LoadOutcome, PayloadSink } from "./sink.ts";
import type { AnyScraperDefinition, PayloadSummary, ScraperRequest } from "./types.ts";

/** Everything a scraper run needs; clock, sleep, fetch and randomness are injectable for tests. */
export interface ScrapeDeps {
  config: Config;
  archive: RawArchive;
  logger: Logger;
  sink?: PayloadSink;
  /** Born here when absent (crypto.randomUUID), carried in the archive metadata and the ArchivedPayload. */
  correlationId?: string;
  fetch?: typeof globalThis.fetch;
  sleep?: Sleep;
  random?: () => number;
  now?: () => Date;
  /** First backoff step (default 1 s); the cap comes from config.http.backoffCapMs. */
  baseDelayMs?: number;
}

export interface ScrapeResult {
  scraper: string;
  source: string;
  status: "ok" | "no_data";
  params: Record<string, unknown>;
  correlationId: string;
  httpStatus: number;
  attempts: number;
  bytes: number;
  /** Absent for no_data. */
  archiveKey?: string;
  archiveUri?: string;
  /** false when the identical payload was already archived under that key. */
  created?: boolean;
  delivered: boolean;
  /** What the loader did with the payload (absent when archived only). */
  loaded?: LoadOutcome;
  summary: PayloadSummary;
  fetchedAt: string;
  durationMs: number;
}

/**
 * One scraper run: validate params → build request → fetch with retries → check shape →
 * archive unchanged (rejected/ prefix when malformed) → deliver to the sink. Throws ScrapeError.
 */
export async function runScraper(
  def: AnyScraperDefinition,
  rawParams: Record<string, unknown>,
  deps: ScrapeDeps,
): Promise<ScrapeResult> {
  const started = Date.now();
  const now = deps.now ?? (() => new Date());
  const correlationId = deps.correlationId ?? randomUUID();
  const redact = secretRedactor(deps.config);
  const log = deps.logger.child({ scraper: def.name, correlationId });

  const parsed = def.params.safeParse(rawParams);
  if (!parsed.success) {
    throw new ScrapeError("params", `${def.name}: invalid parameters: ${formatIssues(parsed.error)}`, {
      source: def.source,
    });
  }
  const params = parsed.data as Record<string, unknown>;

  let request: ScraperRequest;
  try {
    request = def.buildRequest(params, deps.config);
  } catch (error) {
    if (error instanceof ScrapeError) throw error;
    throw new ScrapeError("config", `${def.name}: cannot build the request: ${redact((error as Error).message)}`, {
      source: def.source,
    });
  }
  const redactedUrl = redact(redactUrl(request.url, request.secretQueryParams));
  log.info({ params, url: redactedUrl }, "scrape start");

  try {
    const fetchedAt = now();
    const response = await fetchWithRetry(
      {
        source: def.source,
        url: request.url,
        redactedUrl,
        headers: request.headers,
        finalStatuses: def.noDataStatuses,
      },
      {
        timeoutMs: deps.config.http.timeoutMs,
        maxRetries: deps.config.http.maxRetries,
        backoffCapMs: deps.config.http.backoffCapMs,
        baseDelayMs: deps.baseDelayMs ?? DEFAULT_BASE_DELAY_MS,
        maxBodyBytes: deps.config.limits.maxPayloadBytes,
      },
      { fetch: deps.fetch, sleep: deps.sleep, random: deps.random, logger: log, redact },
    );
    // A body that echoes a secret is archived with the secret redacted: nothing at rest holds it.
    response.body = redactBytes(response.body, redact);
    const kept = keptHeaders(def, response.headers, redact);
    if (Object.keys(kept).length) log.info(kept, "response headers");
    const base = {
      scraper: def.name,
      source: def.source,
      params,
      correlationId,
      httpStatus: response.status,
      attempts: response.attempts,
      bytes: response.body.byteLength,
      fetchedAt: fetchedAt.toISOString(),
    };

    if (def.noDataStatuses.includes(response.status)) {
      log.info({ status: response.status, attempts: response.attempts }, "scrape no_data (nothing published)");
      return {
        ...base,
        status: "no_data",
        delivered: false,
        summary: { records: 0 },
        durationMs: Date.now() - started,
      };
    }

    const key = def.archiveKey(params, fetchedAt);
    const metadata: ArchiveMetadata = {
      scraper: def.name,
      source: def.source,
      loaderKind: def.loaderKind,
      correlationId,
      fetchedAt: fetchedAt.toISOString(),
      url: redactedUrl,
      httpStatus: String(response.status),
      attempts: String(response.attempts),
      params: JSON.stringify(params),
      contentType: def.payload.contentType,
      ...kept,
    };

    const check = def.payload.check(response.body);
    if (!check.ok) {
      const reason = redact(check.error);
      const rejected = await deps.archive.put(`${REJECTED_PREFIX}${key}`, response.body, {
        ...metadata,
        rejectedReason: reason.slice(0, 1000),
      });
      log.warn({ archiveKey: rejected.key, reason, bytes: response.body.byteLength }, "scrape rejected");
      throw new ScrapeError(
        "validation",
        `${def.name}: malformed payload from ${redactedUrl}: ${reason} (raw bytes kept at ${rejected.key})`,
        {
          source: def.source,
          url: redactedUrl,
          status: response.status,
          attempts: response.attempts,
          archiveKey: rejected.key,
        },
      );
    }

    let stored: PutResult;
    try {
      stored = await deps.archive.put(key, response.body, metadata);
    } catch (error) {
      throw new ScrapeError("archive", `${def.name}: cannot archive ${key}: ${redact((error as Error).message)}`, {
        source: def.source,
        url: redactedUrl,
        attempts: response.attempts,
        cause: error,
      });
    }
    const summary = def.payload.summarize(check.value);
    log.info(
      {
        archiveKey: stored.key,
        created: stored.created,
        bytes: stored.bytes,
        attempts: response.attempts,
        records: summary.records,
      },
      "scrape archived",
    );

    let delivered = false;
    let loaded: LoadOutcome | undefined;
    if (deps.sink) {
      const payload: ArchivedPayload = {
        scraper: def.name,
        loaderKind: def.loaderKind,
        archiveKey: stored.key,
        archiveUri: stored.uri,
        params,
        correlationId,
        fetchedAt: fetchedAt.toISOString(),
        contentType: def.payload.contentType,
        sha256: stored.sha256,
        bytes: stored.bytes,
      };
      try {
        loaded = (await deps.sink.deliver(payload)) ?? undefined;
        delivered = true;
      } catch (error) {
        throw new ScrapeError(
          "deliver",
          `${def.name}: archived ${stored.key} but delivery to loader "${def.loaderKind}" failed: ${redact((error as Error).message)}`,
          { source: def.source, url: redactedUrl, attempts: response.attempts, archiveKey: stored.key, cause: error },
        );
      }
    }

    return {
      ...base,
      status: "ok",
      archiveKey: stored.key,
      archiveUri: stored.uri,
      created: stored.created,
      delivered,
      loaded,
      summary,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    const e =
      error instanceof ScrapeError
        ? error
        : new ScrapeError("archive", `${def.name}: ${redact((error as Error).message ?? String(error))}`, {
            source: def.source,
            url: redactedUrl,
            cause: error,
          });
    log.error({ kind: e.kind, status: e.status, attempts: e.attempts, err: redact(e.message) }, "scrape failed");
    throw e;
  }
}

function keptHeaders(
  def: AnyScraperDefinition,
  headers: Headers,
  redact: (text: string) => string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of def.keepResponseHeaders ?? []) {
    const v = headers.get(name);
    if (v !== null) out[name] = redact(v);
  }
  return out;
}

/** The bytes with every secret redacted (read as latin1, one char per byte, so other bytes are kept exactly). */
function redactBytes(bytes: Uint8Array, redact: (text: string) => string): Uint8Array {
  const text = Buffer.from(bytes).toString("latin1");
  const redacted = redact(text);
  return redacted === text ? bytes : new Uint8Array(Buffer.from(redacted, "latin1"));
}
