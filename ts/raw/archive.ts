import { createHash } from "node:crypto";

/**
 * The `RawArchive` port (DESIGN §3): raw payloads, stored unchanged, under deterministic keys.
 * local = a directory tree (ts/raw/local-archive.ts), gcp = a GCS bucket (ts/raw/gcs-archive.ts).
 *
 * Keys are relative, `/`-separated paths (e.g. `odds-api/events/2025-01-15/20250115T170000000Z.json`).
 * Rules shared by every implementation:
 * - `put` never overwrites silently. Same key + same bytes (SHA-256) = no-op (`created: false`).
 *   Same key + different bytes = both are kept: the new bytes go to `<stem>~<sha256[0,12]><ext>`
 *   (e.g. `…/20250115T170000000Z~3fa2c1d09b7e.json`) and the returned `key` says where they went.
 * - Metadata is a flat string→string map (GCS custom metadata only holds strings). Never put secrets in it.
 */
export type ArchiveMetadata = Record<string, string>;

export interface PutResult {
  /** Where the bytes are stored (differs from the requested key on a content collision). */
  key: string;
  /** `file:///…` (local) or `gs://bucket/…` (gcs). */
  uri: string;
  /** false when an identical payload was already stored under `key`. */
  created: boolean;
  sha256: string;
  bytes: number;
}

export interface StoredPayload {
  key: string;
  uri: string;
  bytes: Uint8Array;
  metadata: ArchiveMetadata;
}

export interface RawArchive {
  readonly kind: "local" | "gcs";
  put(key: string, bytes: Uint8Array, metadata?: ArchiveMetadata): Promise<PutResult>;
  /** The stored payload, or null when nothing is stored under `key`. */
  get(key: string): Promise<StoredPayload | null>;
  exists(key: string): Promise<boolean>;
  /** Keys under `prefix` (a key prefix, not necessarily a whole folder), sorted ascending. */
  list(prefix: string): Promise<string[]>;
  uriFor(key: string): string;
}

export class ArchiveKeyError extends Error {
  override name = "ArchiveKeyError";
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._,=+~-]*$/;

/** Throws unless `key` is a safe relative path: non-empty segments of [A-Za-z0-9._,=+~-], no `.`/`..`. */
export function assertValidKey(key: string): string {
  if (key.length === 0 || key.length > 1024) throw new ArchiveKeyError(`archive key must be 1..1024 chars: "${key}"`);
  for (const segment of key.split("/")) {
    if (!SEGMENT.test(segment) || segment === "." || segment === "..") {
      throw new ArchiveKeyError(`invalid archive key segment "${segment}" in "${key}"`);
    }
  }
  return key;
}

/** Prefixes accept "" (everything) or a key-like string, optionally ending with "/". */
export function assertValidPrefix(prefix: string): string {
  if (prefix === "") return prefix;
  assertValidKey(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix);
  return prefix;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** `a/b/c.json` + hash → `a/b/c~<hash[0,12]>.json` (the collision rule above). */
export function collisionKey(key: string, sha256: string): string {
  const slash = key.lastIndexOf("/");
  const dot = key.lastIndexOf(".");
  const hasExt = dot > slash + 1;
  const stem = hasExt ? key.slice(0, dot) : key;
  const ext = hasExt ? key.slice(dot) : "";
  return `${stem}~${sha256.slice(0, 12)}${ext}`;
}
