import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../ts/config/config.ts";
import { validDatasetPrefix } from "../../ts/config/dataset-prefix.ts";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { planRun } from "../../ts/engine/local-runner.ts";
import type { Warehouse } from "../../ts/engine/warehouse.ts";
import { loadRawFiles, loadRawPayload, type RawLoadOptions } from "../../ts/raw/load-raw.ts";
import { MAX_NAME_LENGTH } from "../../ts/raw/quarantine.ts";
import { unloadRawFile } from "../../ts/raw/unload-raw.ts";
import { memoryWarehouse, REFERENCE_FILES, sourceRecords, sourceText, tempDir, writeGz } from "./helpers.ts";

// The defects of issue 10 on the raw side, each reproduced with real rows of ../shared/data.
const BOX = "player_box_scores/2024-25.csv.gz";
const LINES = "game_lines/2023-24.csv.gz";

let warehouse: DuckDbWarehouse;
let root: string;
let dataDir: string;
let quarantineDir: string;
let options: RawLoadOptions;
let boxLines: string[];

/** A real box-score line with one field replaced (no field of this file is quoted). */
function withField(line: string, field: string, value: string): string {
  const cells = line.split(",");
  const index = boxLines[0]!.split(",").indexOf(field);
  expect(index).toBeGreaterThanOrEqual(0);
  cells[index] = value;
  return cells.join(",");
}
const boxFile = (relative: string, rows: string[]) =>
  writeGz(dataDir, relative, [boxLines[0]!, ...rows].join("\n") + "\n");
const load = (files: string[], extra: Partial<RawLoadOptions> = {}) =>
  loadRawFiles(warehouse, files, { ...options, ...extra });
async function one<T = Record<string, unknown>>(sql: string, params: Record<string, string> = {}): Promise<T> {
  const [row] = await warehouse.query<T>(sql, { params });
  return row!;
}
const count = async (sql: string, params: Record<string, string> = {}) =>
  Number((await one<{ n: number }>(sql, params)).n);
const repeatedBoxKeys = () =>
  count(
    `SELECT count(*) AS n FROM (SELECT game_id, player_id FROM nba_raw.player_box_scores GROUP BY 1, 2 HAVING count(*) > 1)`,
  );

beforeAll(async () => {
  warehouse = await memoryWarehouse();
  root = tempDir("integrity");
  dataDir = path.join(root, "data");
  quarantineDir = path.join(root, "quarantine");
  options = { datasetPrefix: "", quarantineDir, dataDir };
  boxLines = sourceText(BOX).trimEnd().split("\n");
  expect((await load(REFERENCE_FILES)).ok).toBe(true);
}, 120_000);

afterAll(async () => {
  await warehouse?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe("1. one row per natural key across files", () => {
  it("the same bytes under another path are recognised and load nothing", async () => {
    const a = boxFile("player_box_scores/a.csv.gz", boxLines.slice(1, 201));
    const copy = path.join(dataDir, "player_box_scores/copy-of-a.csv.gz");
    fs.copyFileSync(a, copy);
    const summary = await load([a, copy]);
    const [first, second] = summary.files;
    expect(first).toMatchObject({ sourceFile: "player_box_scores/a.csv.gz", status: "loaded", rowsLoaded: 200 });
    expect(second).toMatchObject({
      sourceFile: "player_box_scores/copy-of-a.csv.gz",
      status: "duplicate",
      duplicateOf: "player_box_scores/a.csv.gz",
      rowsLoaded: 0,
    });
    expect(summary.ok).toBe(true);
    expect(await count(`SELECT count(*) AS n FROM nba_raw.player_box_scores`)).toBe(200);
  });

  it("an overlapping file takes over the keys (latest load wins), the losers stay inspectable, unload restores them", async () => {
    // b.csv.gz repeats 50 rows of a.csv.gz (same game and player) with different points, plus 10 new rows.
    const overlap = boxLines.slice(151, 201).map((line) => withField(line, "PTS", "99"));
    const b = boxFile("player_box_scores/b.csv.gz", [...overlap, ...boxLines.slice(201, 211)]);
    const summary = await load([b]);
    expect(summary.files[0]).toMatchObject({
      status: "loaded",
      rowsRead: 60,
      rowsLoaded: 60,
      rowsRejected: 0,
      rowsDisplaced: 50,
    });
    expect(summary.tables[0]).toMatchObject({ rowsSuperseded: 50, rowsInTable: 210 });
    expect(await repeatedBoxKeys()).toBe(0);
    expect(
      await count(
        `SELECT count(*) AS n FROM nba_raw.player_box_scores WHERE source_file = 'player_box_scores/a.csv.gz'`,
      ),
    ).toBe(150);
    expect(
      await count(
        `SELECT count(*) AS n FROM nba_raw.player_box_scores WHERE source_file = 'player_box_scores/b.csv.gz' AND pts = 99`,
      ),
    ).toBe(50);
    const superseded = await warehouse.query<{ source_file: string; superseded_by: string; source_line: number }>(
      `SELECT source_file, superseded_by, source_line FROM nba_raw.superseded_rows WHERE table_name = 'player_box_scores' ORDER BY source_line`,
    );
    expect(superseded).toHaveLength(50);
    expect(
      superseded.every(
        (s) => s.source_file === "player_box_scores/a.csv.gz" && s.superseded_by === "player_box_scores/b.csv.gz",
      ),
    ).toBe(true);
    expect(superseded.map((s) => Number(s.source_line))).toEqual(Array.from({ length: 50 }, (_, i) => 152 + i));

    // Loading a.csv.gz again changes nothing: its version is fully held (150 in the table + 50 superseded).
    const again = await load([path.join(dataDir, "player_box_scores/a.csv.gz")]);
    expect(again.files[0]!.status).toBe("unchanged");

    const unloaded = await unloadRawFile(warehouse, "player_box_scores/b.csv.gz", options);
    expect(unloaded).toEqual({
      sourceFile: "player_box_scores/b.csv.gz",
      table: "player_box_scores",
      rowsRemoved: 60,
      rowsRestored: 50,
    });
    expect(
      await count(
        `SELECT count(*) AS n FROM nba_raw.player_box_scores WHERE source_file = 'player_box_scores/a.csv.gz'`,
      ),
    ).toBe(200);
    expect(await count(`SELECT count(*) AS n FROM nba_raw.superseded_rows`)).toBe(0);
    // The restored rows are the original values, read independently from the source file.
    const original = sourceRecords(BOX).slice(150, 200);
    const restored = await warehouse.query<{ game_id: string; player_id: string; pts: number; source_line: number }>(
      `SELECT game_id, player_id, pts, source_line FROM nba_raw.player_box_scores WHERE source_line BETWEEN 152 AND 201 ORDER BY source_line`,
    );
    expect(restored.map((r) => [r.game_id, r.player_id, Number(r.pts), Number(r.source_line)])).toEqual(
      original.map((o) => [o.values.GAME_ID, o.values.PLAYER_ID, Number(o.values.PTS), o.line]),
    );
    const log = await one<{ status: string }>(
      `SELECT status FROM nba_raw.load_log WHERE source_file = 'player_box_scores/b.csv.gz' ORDER BY loaded_at DESC LIMIT 1`,
    );
    expect(log.status).toBe("unloaded");
    await expect(unloadRawFile(warehouse, "player_box_scores/never.csv.gz", options)).rejects.toThrow(/never loaded/);
  });
});

describe("4. a shrinking file is refused unless allowed", () => {
  it("a header-only version keeps the earlier rows and fails; --allow-shrink replaces them", async () => {
    const relative = "player_box_scores/a.csv.gz";
    boxFile(relative, []);
    const refused = await load([path.join(dataDir, relative)]);
    expect(refused.ok).toBe(false);
    expect(refused.files[0]!.status).toBe("failed");
    expect(refused.files[0]!.errors[0]).toMatch(/has 0 valid rows where the loaded version has 200: .*--allow-shrink/);
    expect(
      await count(`SELECT count(*) AS n FROM nba_raw.player_box_scores WHERE source_file = $f`, { f: relative }),
    ).toBe(200);

    const allowed = await load([path.join(dataDir, relative)], { allowShrink: true });
    expect(allowed.files[0]).toMatchObject({ status: "loaded", rowsLoaded: 0, rowsReplaced: 200 });
    expect(
      await count(`SELECT count(*) AS n FROM nba_raw.player_box_scores WHERE source_file = $f`, { f: relative }),
    ).toBe(0);
  });
});

describe("5 and 8. domain validation names file, line and field", () => {
  it("1e999, negative counts, impossible percentages and minutes, control characters: that record only", async () => {
    const rows = boxLines.slice(300, 310);
    const bad = [
      withField(rows[0]!, "PTS", "-3"),
      withField(rows[1]!, "FG_PCT", "7.5"),
      withField(rows[2]!, "PLAYER_NAME", "Nul\u0000Name"),
      withField(rows[3]!, "FG_PCT", "1e999"),
      withField(rows[4]!, "MIN", "900"),
      ...rows.slice(5),
    ];
    const relative = "player_box_scores/domain.csv.gz";
    const { files } = await load([boxFile(relative, bad)]);
    expect(files[0]).toMatchObject({ status: "loaded", rowsRead: 10, rowsLoaded: 5, rowsRejected: 5 });
    expect(files[0]!.errors).toEqual([
      `${relative}:2: field PTS: expected a non-negative integer, got "-3"`,
      `${relative}:3: field FG_PCT: expected a fraction between 0 and 1 or empty, got "7.5"`,
      `${relative}:4: field PLAYER_NAME: expected a non-empty value without control characters, got "Nul\\u0000Name"`,
      `${relative}:5: field FG_PCT: expected a fraction between 0 and 1 or empty, got "1e999"`,
      `${relative}:6: field MIN: expected whole minutes between 0 and 80, got "900"`,
    ]);
  });

  it("1e999 in a required number (game_lines.total) is rejected, not NULL", async () => {
    const lines = sourceText(LINES).trimEnd().split("\n");
    const cells = lines[1]!.split(",");
    cells[lines[0]!.split(",").indexOf("total")] = "1e999";
    const relative = "game_lines/huge.csv.gz";
    const { files } = await load([writeGz(dataDir, relative, [lines[0], cells.join(","), lines[2]].join("\n"))]);
    expect(files[0]).toMatchObject({ status: "loaded", rowsLoaded: 1, rowsRejected: 1 });
    expect(files[0]!.errors[0]).toBe(`${relative}:2: field total: expected a number between 0 and 400, got "1e999"`);
    expect(await count(`SELECT count(*) AS n FROM nba_raw.game_lines WHERE total IS NULL`)).toBe(0);
  });

  it("an unbalanced quote is reported at the line where it opens", async () => {
    const rows = boxLines.slice(400, 410);
    rows[2] = withField(rows[2]!, "PLAYER_NAME", '"Open Quote');
    const { files } = await load([boxFile("player_box_scores/quote.csv.gz", rows)]);
    expect(files[0]!.status).toBe("failed");
    expect(files[0]!.errors[0]).toBe(
      "player_box_scores/quote.csv.gz: not parseable as CSV: line 4: a quoted field opens here and is never closed",
    );
  });

  it("invalid UTF-8 is reported with its byte offset", async () => {
    const text = [boxLines[0], ...boxLines.slice(500, 503)].join("\n");
    const bytes = Buffer.from(text, "utf8");
    const offset = Buffer.byteLength([boxLines[0], boxLines[500]].join("\n")) + 5;
    bytes[offset] = 0xff;
    const file = path.join(dataDir, "player_box_scores/utf8.csv.gz");
    fs.writeFileSync(file, gzipSync(bytes));
    const { files } = await load([file]);
    expect(files[0]!.errors[0]).toBe(
      `player_box_scores/utf8.csv.gz: not valid UTF-8 text: invalid byte 0xff at byte offset ${offset} (line 3)`,
    );
  });

  it("a file that decompresses past the limit is refused without inflating it", async () => {
    const file = path.join(dataDir, "player_box_scores/bomb.csv.gz");
    fs.writeFileSync(file, gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x41)));
    const { files } = await load([file], { maxFileBytes: 1024 * 1024 });
    expect(files[0]!.status).toBe("failed");
    expect(files[0]!.errors[0]).toBe(
      "player_box_scores/bomb.csv.gz: decompresses to more than 1048576 bytes (the limit per file): refused",
    );
  });
});

describe("7. quarantine names are bounded and written before the rows commit", () => {
  const longName = `odds-api/player-props/2025-01-15/${"markets=" + Array.from({ length: 9 }, (_, i) => `player_market_${i}`).join(",")}/bookmakers=${Array.from({ length: 5 }, (_, i) => `bookmaker_number_${i}`).join(",")}/event=${"e".repeat(40)}`;
  const payload = (rows: string[]) => Buffer.from([boxLines[0], ...rows].join("\n"));

  it("a long source name loads and quarantines under a bounded name", async () => {
    expect(longName.length).toBeGreaterThan(255);
    const rows = boxLines.slice(600, 604);
    rows[1] = rows[1]!.replace(/,W,|,L,/, ",X,");
    const result = await loadRawPayload(
      warehouse,
      { kind: "player_box_scores", sourceName: longName, content: payload(rows) },
      options,
    );
    expect(result).toMatchObject({ status: "loaded", rowsLoaded: 3, rowsRejected: 1 });
    const written = result.quarantined[0]!;
    expect(path.basename(written).length).toBeLessThanOrEqual(MAX_NAME_LENGTH + ".rejected.jsonl".length);
    expect(JSON.parse(fs.readFileSync(written, "utf8"))).toMatchObject({ source_file: longName, line: 3, field: "WL" });
  });

  it("a failing commit still leaves the rejected record in the quarantine", async () => {
    const failing = new Proxy(warehouse as Warehouse, {
      get(target, prop, receiver) {
        if (prop === "transaction") return async () => Promise.reject(new Error("disk full"));
        const value = Reflect.get(target, prop, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const rows = boxLines.slice(700, 703);
    rows[0] = rows[0]!.replace(/,W,|,L,/, ",X,");
    const name = "scraped/commit-fails";
    await expect(
      loadRawPayload(failing, { kind: "player_box_scores", sourceName: name, content: payload(rows) }, options),
    ).rejects.toThrow("disk full");
    const file = path.join(quarantineDir, "player_box_scores", "scraped__commit-fails.rejected.jsonl");
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toMatchObject({ source_file: name, line: 2, field: "WL" });
  });
});

describe("6. --dataset-prefix is an identifier, checked in one place", () => {
  const hostile = `x\`.t; SELECT * FROM read_text('/etc/passwd'); --`;

  it("refuses anything but a letter followed by letters, digits and _", () => {
    expect(validDatasetPrefix("test_")).toBe("test_");
    expect(validDatasetPrefix("")).toBe("");
    for (const bad of [hostile, "test-", "1abc", "a b", "x".repeat(64), "ü_"])
      expect(() => validDatasetPrefix(bad)).toThrow(/not a valid dataset prefix/);
    expect(() => loadConfig(root, { NBA_PROPS_DATASET_PREFIX: hostile })).toThrow(/NBA_PROPS_DATASET_PREFIX/);
  });

  it("the local runner refuses an unchecked prefix before planning any SQL", () => {
    const graph = { tables: [], operations: [], assertions: [], declarations: [] } as unknown as Parameters<
      typeof planRun
    >[0];
    expect(() => planRun(graph, { datasetPrefix: hostile })).toThrow(/not a valid dataset prefix/);
  });
});
