import { randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
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
 * `RawArchive` on a directory tree (default `config.rawArchiveDir`, `.nba-props/raw`).
 * - payload: `<root>/<key>`; metadata: `<root>/.meta/<key>.json`; temp files: `<root>/.tmp/`.
 *   Keys never start a segment with ".", so `.meta`/`.tmp` never collide with payloads.
 * - Writes are atomic and never overwrite: bytes go to a temp file, then `link()` publishes it under the
 *   final name, which fails with EEXIST if anything is already there (no check-then-write race).
 *   On EEXIST the stored bytes are compared: equal = no-op, different = collision key (see archive.ts).
 * - Metadata is written (temp + rename) by the writer that published the payload, right after it.
 */
export class LocalRawArchive implements RawArchive {
  readonly kind = "local" as const;

  constructor(readonly root: string) {}

  uriFor(key: string): string {
    return pathToFileURL(this.pathFor(key)).href;
  }

  async put(key: string, bytes: Uint8Array, metadata: ArchiveMetadata = {}): Promise<PutResult> {
    assertValidKey(key);
    const sha256 = sha256Hex(bytes);
    const tmpDir = path.join(this.root, ".tmp");
    await fs.mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${randomUUID()}.part`);
    await fs.writeFile(tmp, bytes, { flag: "wx" });
    try {
      for (const candidate of [key, collisionKey(key, sha256)]) {
        const published = await this.publish(tmp, candidate);
        if (published) {
          await this.writeMetadata(candidate, { ...metadata, sha256 });
          return { key: candidate, uri: this.uriFor(candidate), created: true, sha256, bytes: bytes.byteLength };
        }
        const existing = await fs.readFile(this.pathFor(candidate));
        if (sha256Hex(existing) === sha256) {
          return { key: candidate, uri: this.uriFor(candidate), created: false, sha256, bytes: bytes.byteLength };
        }
      }
      // Both the key and its content-hash key hold other bytes: only possible with a SHA-256 prefix clash.
      throw new Error(`archive: "${key}" and its collision key already hold different payloads`);
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  async get(key: string): Promise<StoredPayload | null> {
    assertValidKey(key);
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(this.pathFor(key));
    } catch (error) {
      if (isCode(error, "ENOENT")) return null;
      throw error;
    }
    let metadata: ArchiveMetadata = {};
    try {
      metadata = JSON.parse(await fs.readFile(this.metaPathFor(key), "utf8")) as ArchiveMetadata;
    } catch (error) {
      if (!isCode(error, "ENOENT")) throw error;
    }
    return { key, uri: this.uriFor(key), bytes: new Uint8Array(bytes), metadata };
  }

  async exists(key: string): Promise<boolean> {
    assertValidKey(key);
    try {
      return (await fs.stat(this.pathFor(key))).isFile();
    } catch (error) {
      if (isCode(error, "ENOENT") || isCode(error, "ENOTDIR")) return false;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    assertValidPrefix(prefix);
    const slash = prefix.lastIndexOf("/");
    const baseKey = slash >= 0 ? prefix.slice(0, slash) : "";
    const keys: string[] = [];
    await this.walk(baseKey, keys);
    return keys.filter((k) => k.startsWith(prefix)).sort();
  }

  private async walk(dirKey: string, out: string[]): Promise<void> {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await fs.readdir(dirKey ? path.join(this.root, ...dirKey.split("/")) : this.root, {
        withFileTypes: true,
      });
    } catch (error) {
      if (isCode(error, "ENOENT") || isCode(error, "ENOTDIR")) return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const childKey = dirKey ? `${dirKey}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await this.walk(childKey, out);
      else if (entry.isFile()) out.push(childKey);
    }
  }

  /** true if `tmp` is now published under `key`; false if something already existed there. */
  private async publish(tmp: string, key: string): Promise<boolean> {
    const target = this.pathFor(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    try {
      await fs.link(tmp, target);
      return true;
    } catch (error) {
      if (isCode(error, "EEXIST")) return false;
      if (!isCode(error, "EPERM") && !isCode(error, "ENOTSUP") && !isCode(error, "EXDEV")) throw error;
    }
    // File systems without hard links: exclusive copy (still never overwrites).
    try {
      await fs.copyFile(tmp, target, (await import("node:fs")).constants.COPYFILE_EXCL);
      return true;
    } catch (error) {
      if (isCode(error, "EEXIST")) return false;
      throw error;
    }
  }

  private async writeMetadata(key: string, metadata: ArchiveMetadata): Promise<void> {
    const target = this.metaPathFor(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = path.join(this.root, ".tmp", `${randomUUID()}.meta.part`);
    await fs.writeFile(tmp, JSON.stringify(metadata, null, 2) + "\n");
    await fs.rename(tmp, target);
  }

  private pathFor(key: string): string {
    return path.join(this.root, ...assertValidKey(key).split("/"));
  }

  private metaPathFor(key: string): string {
    return path.join(this.root, ".meta", ...key.split("/")) + ".json";
  }
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}
