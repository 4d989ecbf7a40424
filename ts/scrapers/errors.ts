/** Why a scrape failed; `kind` drives the CLI message and the workflow summary. */
export type ScrapeErrorKind =
  | "params" // the parameters do not validate
  | "config" // e.g. a missing API key
  | "unreachable" // DNS failure / network unreachable: fail fast, backoff does not help
  | "http_status" // a non-retryable status (4xx other than 429)
  | "retries_exhausted" // 429/5xx/network errors/timeouts until maxRetries
  | "validation" // the body is not the shape the API returns (archived under rejected/)
  | "too_large" // the body passed the per-payload limit (config.limits.maxPayloadBytes): refused, not archived
  | "archive"
  | "deliver";

export class ScrapeError extends Error {
  override name = "ScrapeError";
  readonly kind: ScrapeErrorKind;
  readonly source: string;
  /** The request URL with secrets redacted (safe to log). */
  readonly url?: string;
  readonly status?: number;
  readonly attempts: number;
  /** What was archived before the failure: `rejected/…` (kind validation) or the payload (kind deliver). */
  readonly archiveKey?: string;

  constructor(
    kind: ScrapeErrorKind,
    message: string,
    details: { source: string; url?: string; status?: number; attempts?: number; archiveKey?: string; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.source = details.source;
    this.url = details.url;
    this.status = details.status;
    this.attempts = details.attempts ?? 0;
    this.archiveKey = details.archiveKey;
  }
}
