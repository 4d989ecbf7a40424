import type { LoaderKind } from "./types.ts";

/**
 * Hand-off from a scraper to the raw loaders (ts/raw): after a payload is archived, the sink gets a
 * pointer to it (never the secret-bearing URL). The archive is the source of truth: a loader reads the
 * bytes with `RawArchive.get(archiveKey)`, so a failed delivery can be replayed from the archive.
 */
export interface ArchivedPayload {
  scraper: string;
  loaderKind: LoaderKind;
  archiveKey: string;
  /** file:///… or gs://… */
  archiveUri: string;
  /** The validated scraper parameters (no secrets). */
  params: Record<string, unknown>;
  correlationId: string;
  /** ISO-8601 UTC fetch time. */
  fetchedAt: string;
  contentType: string;
  sha256: string;
  bytes: number;
}

/** What a loading sink did with a payload: every record it mapped is loaded, rejected (quarantined) or superseded. */
export interface LoadOutcome {
  records: number;
  loaded: number;
  rejected: number;
  /** The first rejections, `source:line: field F: message` (redacted). */
  errors: string[];
}

export interface PayloadSink {
  /** Returns the load outcome when the sink loads (LoaderSink), nothing when it only archives. */
  deliver(payload: ArchivedPayload): Promise<LoadOutcome | void>;
  /** Optional: release what the sink holds (e.g. a warehouse connection); the CLI calls it after the run. */
  close?(): Promise<void>;
}

/** Archive only (the default until a loader is connected). */
export const archiveOnlySink: PayloadSink = { deliver: async () => {} };

/** Keeps what it was given (tests, dry runs). */
export class MemorySink implements PayloadSink {
  readonly delivered: ArchivedPayload[] = [];
  async deliver(payload: ArchivedPayload): Promise<void> {
    this.delivered.push(payload);
  }
}
