import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { type FileLoadResult, loadRawFiles, loadRawPayload, type RawLoadOptions } from "../../ts/raw/load-raw.ts";
import { payloadKind } from "../../ts/raw/payload-kinds.ts";
import { oddsGameLineRecords, oddsSnapshot, toCsv } from "../../ts/scrapers/raw-records.ts";
import * as fx from "../scrapers/fixtures.ts";
import { dataFile, memoryWarehouse, REFERENCE_FILES, sourceText, tempDir } from "./helpers.ts";

// Seeded random mutations of real rows through the CSV loader (box scores) and the JSON path of the scrapers
// (Odds API game lines → records → loader). Every case must end loaded correctly or rejected with a clear error:
// no crash, no value changed silently, no record lost, and records read = loaded + rejected.
const SEED = 20261130;
const CSV_CASES = 1500;
const JSON_CASES = 500;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const JUNK = [
  "",
  "1e999",
  "-1",
  "abc",
  "NaN",
  "Infinity",
  " 12 ",
  "12.0",
  "1.5",
  "\u0000x",
  "x\u001by",
  '"',
  'a"b',
  "é",
  "9".repeat(30),
  "0x1F",
  "-0",
  "7.5",
  "\t",
];

let warehouse: DuckDbWarehouse;
let root: string;
let options: RawLoadOptions;
let boxLines: string[];
const seenContent = new Map<string, string>();

beforeAll(async () => {
  warehouse = await memoryWarehouse();
  root = tempDir("fuzz");
  options = { datasetPrefix: "", quarantineDir: path.join(root, "quarantine") };
  boxLines = sourceText("player_box_scores/2024-25.csv.gz").trimEnd().split("\n");
  expect(
    (await loadRawFiles(warehouse, [...REFERENCE_FILES, dataFile("team_game_logs/2024-25.csv.gz")], options)).ok,
  ).toBe(true);
}, 120_000);

afterAll(async () => {
  await warehouse?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

/** The checks every case must pass, whatever the outcome. */
async function accountFor(
  name: string,
  content: Buffer,
  result: FileLoadResult,
  expectedRecords: number | undefined,
): Promise<{ line: number; row: Record<string, unknown> }[]> {
  const [held] = await warehouse.query<{ n: number }>(
    `SELECT count(*) AS n FROM nba_raw.${result.table} WHERE source_file = $f`,
    { params: { f: name } },
  );
  if (result.status === "failed") {
    expect(result.errors[0], name).toMatch(new RegExp(`^${name}(:\\d+)?: \\S`));
    expect(result.rowsLoaded).toBe(0);
    expect(Number(held!.n)).toBe(0);
    return [];
  }
  const hash = createHash("sha256").update(content).digest("hex");
  if (result.status === "duplicate") {
    expect(result.duplicateOf).toBe(seenContent.get(hash));
    return [];
  }
  seenContent.set(hash, name);
  expect(result.status).toBe("loaded");
  expect(result.rowsRead, name).toBe(result.rowsLoaded + result.rowsRejected);
  if (expectedRecords !== undefined) expect(result.rowsRead, name).toBe(expectedRecords);
  expect(Number(held!.n), name).toBe(result.rowsLoaded);
  for (const error of result.errors) expect(error).toMatch(new RegExp(`^${name}:\\d+: (field \\S+: )?\\S`));
  const rows = await warehouse.query<Record<string, unknown>>(
    `SELECT * FROM nba_raw.${result.table} WHERE source_file = $f ORDER BY source_line`,
    { params: { f: name } },
  );
  return rows.map((row) => ({ line: Number(row.source_line), row }));
}

function mutateCsv(lines: string[]): { text: string; bytes?: (b: Buffer) => Buffer } {
  const out = lines.map((l) => l.split(","));
  const mutations = 1 + Math.floor(random() * 3);
  let bytes: ((b: Buffer) => Buffer) | undefined;
  let crlf = false;
  for (let m = 0; m < mutations; m++) {
    const row = 1 + Math.floor(random() * (out.length - 1));
    const what = random();
    if (what < 0.5) out[row]![Math.floor(random() * out[row]!.length)] = pick(JUNK);
    else if (what < 0.58) out[row]!.splice(Math.floor(random() * out[row]!.length), 1);
    else if (what < 0.64) out[row]!.push(pick(JUNK));
    else if (what < 0.72) out.splice(row, 0, [...out[row]!]);
    else if (what < 0.78) out.splice(row, 1);
    else if (what < 0.82) out[0]![Math.floor(random() * out[0]!.length)] = "BOGUS";
    else if (what < 0.86) out.splice(row, 0, []);
    else if (what < 0.9) crlf = true;
    else if (what < 0.95) {
      const cut = random();
      bytes = (b) => b.subarray(0, Math.floor(b.length * cut));
    } else {
      const at = random();
      bytes = (b) =>
        Buffer.concat([
          b.subarray(0, Math.floor(b.length * at)),
          Buffer.from([0xff]),
          b.subarray(Math.floor(b.length * at)),
        ]);
    }
  }
  return { text: out.map((r) => r.join(",")).join(crlf ? "\r\n" : "\n") + "\n", bytes };
}

/** The loaded row's values equal the source text at its line (read here with csv-parse, independently). */
function sameAsSource(row: Record<string, unknown>, source: Record<string, string>): void {
  expect(row.game_id).toBe(source.GAME_ID!.trim());
  expect(row.player_id).toBe(source.PLAYER_ID!.trim());
  expect(row.player_name).toBe(source.PLAYER_NAME!.trim());
  for (const [column, field] of [
    ["pts", "PTS"],
    ["minutes", "MIN"],
    ["reb", "REB"],
    ["plus_minus", "PLUS_MINUS"],
  ] as const) {
    expect(Number(row[column]) + 0, field).toBe(Number(source[field]) + 0); // "-0" is 0
  }
  const pct = source.FG_PCT!.trim();
  expect(row.fg_pct === null ? "" : Number(row.fg_pct) + 0).toBe(pct === "" ? "" : Number(pct) + 0);
}

describe("fuzz: mutated real rows through the loaders", () => {
  it(`CSV loader: ${CSV_CASES} seeded cases of box-score rows`, async () => {
    const outcomes: Record<string, number> = {};
    for (let i = 0; i < CSV_CASES; i++) {
      const start = 1 + Math.floor(random() * (boxLines.length - 13));
      const { text, bytes } = mutateCsv([boxLines[0]!, ...boxLines.slice(start, start + 12)]);
      let content: Buffer = Buffer.from(text, "utf8");
      if (random() < 0.2) content = Buffer.from(gzipSync(content));
      if (bytes) content = bytes(content);
      const name = `fuzz/csv-${i}`;
      const result = await loadRawPayload(warehouse, { kind: "player_box_scores", sourceName: name, content }, options);
      outcomes[result.status] = (outcomes[result.status] ?? 0) + 1;
      let records: { record: string[]; info: { lines: number } }[] | undefined;
      let header: string[] = [];
      try {
        const decoded = new TextDecoder("utf-8", { fatal: true }).decode(
          content[0] === 0x1f ? (await import("node:zlib")).gunzipSync(content) : content,
        );
        records = parse(decoded, {
          bom: true,
          info: true,
          relax_column_count: true,
          skip_empty_lines: true,
        }) as unknown as typeof records;
        header = records![0]!.record;
        records = records!.slice(1);
      } catch {
        records = undefined;
      }
      if (records === undefined) expect(result.status, `${name}: unreadable, yet ${result.status}`).toBe("failed");
      const loaded = await accountFor(name, content, result, result.status === "loaded" ? records?.length : undefined);
      const byLine = new Map(
        records?.map((r) => [r.info.lines, Object.fromEntries(header.map((h, k) => [h.trim(), r.record[k] ?? ""]))]),
      );
      for (const { line, row } of loaded) sameAsSource(row, byLine.get(line)!);
    }
    expect(outcomes.loaded).toBeGreaterThan(CSV_CASES / 4);
    expect(outcomes.failed).toBeGreaterThan(0);
  }, 1_200_000);

  it(`JSON path: ${JSON_CASES} seeded cases of Odds API game-line payloads`, async () => {
    const columns = payloadKind("odds_api_game_lines").columns;
    const outcomes: Record<string, number> = {};
    for (let i = 0; i < JSON_CASES; i++) {
      const payload = fx.gameLines() as unknown as Record<string, unknown>[];
      const mutations = 1 + Math.floor(random() * 3);
      let text = "";
      for (let m = 0; m < mutations; m++) {
        const objects = (v: unknown) =>
          Array.isArray(v) && v.length > 0 && v.every((x) => x && typeof x === "object" && !Array.isArray(x))
            ? (v as Record<string, unknown>[])
            : undefined;
        const event = pick(payload);
        const book = objects(event.bookmakers) && pick(objects(event.bookmakers)!);
        const market = book && objects(book.markets) && pick(objects(book.markets)!);
        const outcome = market && objects(market.outcomes) && pick(objects(market.outcomes)!);
        if (!book || !market || !outcome) continue;
        const target = pick([event, book, market, outcome, outcome, outcome]);
        const key = pick(Object.keys(target));
        const what = random();
        if (what < 0.6)
          target[key] = pick([
            "abc",
            null,
            -0,
            1.5,
            "",
            {},
            [],
            true,
            "\u0000",
            "9".repeat(40),
            1e21,
            -110,
            "+100",
            "1e999",
          ]);
        else if (what < 0.75) delete target[key];
        else if (what < 0.85) (market.outcomes as unknown[]).push({ ...outcome });
        else if (what < 0.92) market.outcomes = [];
        else text = "truncate";
      }
      let json = JSON.stringify(payload).replace('"1e999"', "1e999");
      if (text === "truncate") json = json.slice(0, Math.floor(json.length * random()));
      const name = `fuzz/json-${i}`;
      let records: ReturnType<typeof oddsGameLineRecords>;
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
        records = oddsGameLineRecords(oddsSnapshot(parsed, false, "2025-01-15T20:00:00.000Z"));
      } catch (error) {
        // The scraper path refuses such a payload whole with this message (kept under rejected/ in the archive).
        expect((error as Error).message).toMatch(/JSON|not an Odds API event-odds payload/);
        outcomes.refused = (outcomes.refused ?? 0) + 1;
        continue;
      }
      const content = Buffer.from(toCsv(columns, records));
      const result = await loadRawPayload(
        warehouse,
        { kind: "odds_api_game_lines", sourceName: name, content },
        options,
      );
      outcomes[result.status] = (outcomes[result.status] ?? 0) + 1;
      const loaded = await accountFor(name, content, result, result.status === "loaded" ? records.length : undefined);
      for (const { line, row } of loaded) {
        const source = records[line - 2]!;
        expect(Number(row.price), name).toBe(Number(source.price));
        expect(Number.isInteger(source.price)).toBe(true);
        expect(row.point === null ? null : Number(row.point)).toBe(
          source.point === null || source.point === undefined ? null : Number(source.point),
        );
        expect(row.event_id).toBe(source.event_id);
      }
    }
    expect(outcomes.loaded).toBeGreaterThan(JSON_CASES / 4);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 1_200_000);
});
