import {
  type ArchiveMetadata,
  assertValidKey,
  assertValidPrefix,
  collisionKey,
  type PutResult,
  type RawArchive,
  type StoredPayload,
  sha256Hex,
} from "./archive.ts";

/**
 * `RawArchive` on a GCS bucket (gcp runtime). Object name = `<objectPrefix><key>`.
 * - Object metadata: `contentType` from the key's extension, custom metadata = the caller's map + `sha256`.
 * - Never overwrites: the upload carries the precondition `ifGenerationMatch: 0` (create only if absent),
 *   so two writers cannot race. On 412 the stored `sha256` (or the bytes) is compared: equal = no-op,
 *   different = the collision key `<stem>~<sha256[0,12]><ext>` (archive.ts).
 * The client sits behind `GcsBucketLike` (the few calls used), so tests check names and metadata offline.
 */
export interface GcsObjectWrite {
  data: Buffer;
  contentType: string;
  metadata: ArchiveMetadata;
}

export interface GcsBucketLike {
  readonly name: string;
  /** Creates the object only if absent; returns false when it already exists (HTTP 412). */
  createIfAbsent(objectName: string, write: GcsObjectWrite): Promise<boolean>;
  /** null when absent. */
  read(objectName: string): Promise<{ data: Buffer; metadata: ArchiveMetadata } | null>;
  readMetadata(objectName: string): Promise<ArchiveMetadata | null>;
  exists(objectName: string): Promise<boolean>;
  listNames(prefix: string): Promise<string[]>;
}

export class GcsRawArchive implements RawArchive {
  readonly kind = "gcs" as const;

  constructor(
    readonly bucket: GcsBucketLike,
    readonly objectPrefix = "",
  ) {
    if (objectPrefix !== "" && !objectPrefix.endsWith("/")) throw new Error("objectPrefix must end with '/'");
  }

  /** A real bucket through `@google-cloud/storage` (credentials from ADC; nothing is contacted here). */
  static async forBucket(bucketName: string, projectId?: string, objectPrefix = ""): Promise<GcsRawArchive> {
    const { Storage } = await import("@google-cloud/storage");
    const storage = new Storage(projectId ? { projectId } : {});
    return new GcsRawArchive(storageBucket(storage.bucket(bucketName)), objectPrefix);
  }

  objectName(key: string): string {
    return `${this.objectPrefix}${assertValidKey(key)}`;
  }

  uriFor(key: string): string {
    return `gs://${this.bucket.name}/${this.objectName(key)}`;
  }

  async put(key: string, bytes: Uint8Array, metadata: ArchiveMetadata = {}): Promise<PutResult> {
    assertValidKey(key);
    const sha256 = sha256Hex(bytes);
    const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (const candidate of [key, collisionKey(key, sha256)]) {
      const name = this.objectName(candidate);
      const created = await this.bucket.createIfAbsent(name, {
        data,
        contentType: contentTypeFor(candidate),
        metadata: { ...metadata, sha256 },
      });
      if (created)
        return { key: candidate, uri: this.uriFor(candidate), created: true, sha256, bytes: bytes.byteLength };
      const stored = await this.bucket.readMetadata(name);
      let storedSha = stored?.sha256;
      if (!storedSha) {
        const existing = await this.bucket.read(name);
        storedSha = existing ? sha256Hex(existing.data) : undefined;
      }
      if (storedSha === sha256) {
        return { key: candidate, uri: this.uriFor(candidate), created: false, sha256, bytes: bytes.byteLength };
      }
    }
    throw new Error(`archive: "${key}" and its collision key already hold different payloads`);
  }

  async get(key: string): Promise<StoredPayload | null> {
    const found = await this.bucket.read(this.objectName(key));
    if (!found) return null;
    return { key, uri: this.uriFor(key), bytes: new Uint8Array(found.data), metadata: found.metadata };
  }

  exists(key: string): Promise<boolean> {
    return this.bucket.exists(this.objectName(key));
  }

  async list(prefix: string): Promise<string[]> {
    assertValidPrefix(prefix);
    const names = await this.bucket.listNames(`${this.objectPrefix}${prefix}`);
    return names.map((n) => n.slice(this.objectPrefix.length)).sort();
  }
}

export function contentTypeFor(key: string): string {
  if (key.endsWith(".json")) return "application/json";
  if (key.endsWith(".pdf")) return "application/pdf";
  if (key.endsWith(".csv")) return "text/csv";
  return "application/octet-stream";
}

/** Adapts a `@google-cloud/storage` Bucket to `GcsBucketLike`. */
export function storageBucket(bucket: import("@google-cloud/storage").Bucket): GcsBucketLike {
  const status = (error: unknown): number | undefined =>
    typeof error === "object" && error !== null ? (error as { code?: number }).code : undefined;
  return {
    name: bucket.name,
    async createIfAbsent(objectName, write) {
      try {
        await bucket.file(objectName).save(write.data, {
          resumable: false,
          contentType: write.contentType,
          metadata: { contentType: write.contentType, metadata: write.metadata },
          preconditionOpts: { ifGenerationMatch: 0 },
        });
        return true;
      } catch (error) {
        if (status(error) === 412) return false;
        throw error;
      }
    },
    async read(objectName) {
      const file = bucket.file(objectName);
      try {
        const [[data], [meta]] = await Promise.all([file.download(), file.getMetadata()]);
        return { data, metadata: stringMap(meta.metadata) };
      } catch (error) {
        if (status(error) === 404) return null;
        throw error;
      }
    },
    async readMetadata(objectName) {
      try {
        const [meta] = await bucket.file(objectName).getMetadata();
        return stringMap(meta.metadata);
      } catch (error) {
        if (status(error) === 404) return null;
        throw error;
      }
    },
    async exists(objectName) {
      const [exists] = await bucket.file(objectName).exists();
      return exists;
    },
    async listNames(prefix) {
      const [files] = await bucket.getFiles({ prefix, autoPaginate: true });
      return files.map((f) => f.name);
    },
  };
}

function stringMap(value: unknown): ArchiveMetadata {
  const out: ArchiveMetadata = {};
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = String(v);
  }
  return out;
}
