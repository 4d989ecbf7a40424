import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../ts/config/config.ts";
import { createRawArchive } from "../../ts/config/runtime.ts";
import { ArchiveKeyError, type ArchiveMetadata, collisionKey, sha256Hex } from "../../ts/raw/archive.ts";
import { type GcsBucketLike, type GcsObjectWrite, GcsRawArchive } from "../../ts/raw/gcs-archive.ts";
import { LocalRawArchive } from "../../ts/raw/local-archive.ts";

const bytes = (s: string) => new Uint8Array(Buffer.from(s));
const text = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString() : undefined);

describe("archive key rules", () => {
  it("rejects unsafe keys", () => {
    const archive = new LocalRawArchive("/nonexistent");
    for (const bad of [
      "",
      "/abs/x.json",
      "a/../b.json",
      "a//b.json",
      "a/./b",
      "a\\b",
      ".hidden/x",
      "a/b c.json",
      "a/b?.json",
    ]) {
      expect(() => archive.uriFor(bad), bad).toThrow(ArchiveKeyError);
    }
    expect(() => archive.uriFor("odds-api/events/2025-01-15/markets=a,b/20250116T093015250Z.json")).not.toThrow();
  });

  it("collision keys put the content hash before the extension", () => {
    expect(collisionKey("a/b/c.json", "0123456789abcdef")).toBe("a/b/c~0123456789ab.json");
    expect(collisionKey("a/b.c/d", "0123456789abcdef")).toBe("a/b.c/d~0123456789ab");
  });
});

describe("LocalRawArchive", () => {
  let root: string;
  let archive: LocalRawArchive;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "nba-props-archive-"));
    archive = new LocalRawArchive(root);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("puts, gets, checks and lists payloads with metadata", async () => {
    const put = await archive.put("src/kind/2025-01-15/a.json", bytes('{"a":1}'), { scraper: "s", correlationId: "c" });
    expect(put).toMatchObject({
      key: "src/kind/2025-01-15/a.json",
      created: true,
      bytes: 7,
      sha256: sha256Hex(bytes('{"a":1}')),
    });
    expect(put.uri).toBe(`file://${root}/src/kind/2025-01-15/a.json`);
    const got = await archive.get("src/kind/2025-01-15/a.json");
    expect(text(got?.bytes)).toBe('{"a":1}');
    expect(got?.metadata).toEqual({ scraper: "s", correlationId: "c", sha256: put.sha256 });
    expect(await archive.exists("src/kind/2025-01-15/a.json")).toBe(true);
    expect(await archive.exists("src/kind/2025-01-15/b.json")).toBe(false);
    expect(await archive.get("src/missing.json")).toBeNull();
    await archive.put("src/kind/2025-01-16/b.json", bytes("2"));
    await archive.put("src/other/x.json", bytes("3"));
    expect(await archive.list("src/kind/")).toEqual(["src/kind/2025-01-15/a.json", "src/kind/2025-01-16/b.json"]);
    expect(await archive.list("src/kind/2025-01-1")).toEqual([
      "src/kind/2025-01-15/a.json",
      "src/kind/2025-01-16/b.json",
    ]);
    expect(await archive.list("")).toHaveLength(3); // metadata and temp files are not listed
    expect(await archive.list("nothing/")).toEqual([]);
  });

  it("same key + same bytes is a no-op; same key + different bytes keeps both", async () => {
    const first = await archive.put("s/k/a.json", bytes("one"), { n: "1" });
    const again = await archive.put("s/k/a.json", bytes("one"), { n: "2" });
    expect(again).toMatchObject({ key: "s/k/a.json", created: false });
    expect((await archive.get("s/k/a.json"))?.metadata.n).toBe("1");
    const other = await archive.put("s/k/a.json", bytes("two"), { n: "3" });
    expect(other.created).toBe(true);
    expect(other.key).toBe(collisionKey("s/k/a.json", sha256Hex(bytes("two"))));
    expect(text((await archive.get("s/k/a.json"))?.bytes)).toBe("one");
    expect(text((await archive.get(other.key))?.bytes)).toBe("two");
    const otherAgain = await archive.put("s/k/a.json", bytes("two"));
    expect(otherAgain).toMatchObject({ key: other.key, created: false });
    expect(first.key).toBe("s/k/a.json");
  });

  it("concurrent writers of one key never lose a payload and leave no temp files", async () => {
    const payloads = Array.from({ length: 8 }, (_, i) => bytes(`payload-${i % 2}`));
    const results = await Promise.all(payloads.map((p) => archive.put("s/k/race.json", p)));
    const keys = new Set(results.map((r) => r.key));
    expect(keys.size).toBe(2);
    expect(results.filter((r) => r.created)).toHaveLength(2);
    const stored = await Promise.all([...keys].map(async (k) => text((await archive.get(k))?.bytes)));
    expect(stored.sort()).toEqual(["payload-0", "payload-1"]);
    expect(await readdir(path.join(root, ".tmp"))).toEqual([]);
  });
});

/** In-memory stand-in for a GCS bucket with the `ifGenerationMatch: 0` semantics. */
class FakeBucket implements GcsBucketLike {
  readonly name = "nba-props-raw-test";
  readonly objects = new Map<string, GcsObjectWrite>();
  readonly writes: Array<{ name: string } & GcsObjectWrite> = [];
  async createIfAbsent(objectName: string, write: GcsObjectWrite) {
    this.writes.push({ name: objectName, ...write });
    if (this.objects.has(objectName)) return false;
    this.objects.set(objectName, write);
    return true;
  }
  async read(objectName: string) {
    const o = this.objects.get(objectName);
    return o ? { data: o.data, metadata: o.metadata } : null;
  }
  async readMetadata(objectName: string): Promise<ArchiveMetadata | null> {
    return this.objects.get(objectName)?.metadata ?? null;
  }
  async exists(objectName: string) {
    return this.objects.has(objectName);
  }
  async listNames(prefix: string) {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix));
  }
}

describe("GcsRawArchive (offline)", () => {
  it("writes the object name, content type and custom metadata it should", async () => {
    const bucket = new FakeBucket();
    const archive = new GcsRawArchive(bucket, "raw/");
    const put = await archive.put("odds-api/events/2025-01-15/20250116T093015250Z.json", bytes("[]"), {
      scraper: "odds-api-events",
      correlationId: "c-1",
      url: "https://api.the-odds-api.com/v4/sports/basketball_nba/events?apiKey=[redacted]",
    });
    expect(put).toMatchObject({
      key: "odds-api/events/2025-01-15/20250116T093015250Z.json",
      uri: "gs://nba-props-raw-test/raw/odds-api/events/2025-01-15/20250116T093015250Z.json",
      created: true,
    });
    expect(bucket.writes).toHaveLength(1);
    expect(bucket.writes[0]).toMatchObject({
      name: "raw/odds-api/events/2025-01-15/20250116T093015250Z.json",
      contentType: "application/json",
      metadata: { scraper: "odds-api-events", correlationId: "c-1", sha256: sha256Hex(bytes("[]")) },
    });
    const pdf = await archive.put("nba-injury-report/pdf/2025-01-15/report=05PM/x.pdf", bytes("%PDF-"));
    expect(bucket.objects.get(`raw/${pdf.key}`)?.contentType).toBe("application/pdf");
    expect(await archive.list("odds-api/")).toEqual(["odds-api/events/2025-01-15/20250116T093015250Z.json"]);
    expect(text((await archive.get(put.key))?.bytes)).toBe("[]");
    expect(await archive.exists("odds-api/nope.json")).toBe(false);
    expect(await archive.get("odds-api/nope.json")).toBeNull();
  });

  it("follows the same no-overwrite rule as the local archive", async () => {
    const bucket = new FakeBucket();
    const archive = new GcsRawArchive(bucket);
    await archive.put("a/b.json", bytes("one"));
    expect(await archive.put("a/b.json", bytes("one"))).toMatchObject({ key: "a/b.json", created: false });
    const other = await archive.put("a/b.json", bytes("two"));
    expect(other).toMatchObject({ key: collisionKey("a/b.json", sha256Hex(bytes("two"))), created: true });
    expect(text(bucket.objects.get("a/b.json")?.data)).toBe("one");
  });

  it("the runtime picks the archive: local by default, GCS bucket from GCS_BUCKET_RAW in gcp", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "nba-props-archive-"));
    try {
      const local = await createRawArchive(loadConfig(dir, {}));
      expect(local.kind).toBe("local");
      expect(local.uriFor("a/b.json")).toBe(`file://${dir}/.nba-props/raw/a/b.json`);
      expect(loadConfig(dir, { NBA_PROPS_RUNTIME: "gcp", GCP_PROJECT: "my-proj" }).gcp.rawBucket).toBe("my-proj-raw");
      const gcs = await createRawArchive(
        loadConfig(dir, { NBA_PROPS_RUNTIME: "gcp", GCP_PROJECT: "my-proj", GCS_BUCKET_RAW: "nba-scraped-data" }),
      );
      expect(gcs.kind).toBe("gcs");
      expect(gcs.uriFor("a/b.json")).toBe("gs://nba-scraped-data/a/b.json"); // no network call is made
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
