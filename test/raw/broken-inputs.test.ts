import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { loadRawFiles, loadRawPayload, type RawLoadOptions } from "../../ts/raw/load-raw.ts";
import { dataFile, memoryWarehouse, REFERENCE_FILES, sourceText, tempDir, writeGz } from "./helpers.ts";

// Broken inputs are built here from real rows of ../shared/data, written to a temp data directory.
const BOX = "player_box_scores/2024-25.csv.gz";

let warehouse: DuckDbWarehouse;
let root: string;
let dataDir: string;
let quarantineDir: string;
let options: RawLoadOptions;
let boxLines: string[];
let header: string[];

/** The first n data lines of the real box-score file, each split into fields (no field of this file is quoted). */
function boxRows(n: number): string[][] {
  return boxLines.slice(1, n + 1).map((line) => {
    const fields = line.split(",");
    expect(fields).toHaveLength(header.length);
    return fields;
  });
}
const csv = (head: string[], rows: string[][]) => [head, ...rows].map((r) => r.join(",")).join("\n");
const col = (name: string) => {
  const i = header.indexOf(name);
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
};
const readJsonl = (file: string) =>
  fs
    .readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { line: number; field: string; message: string });
async function rowsOf(table: string, sourceFile: string): Promise<number> {
  const [row] = await warehouse.query<{ n: number }>(
    `SELECT count(*) AS n FROM nba_raw.${table} WHERE source_file = $f`,
    {
      params: { f: sourceFile },
    },
  );
  return row!.n;
}

beforeAll(async () => {
  warehouse = await memoryWarehouse();
  root = tempDir("broken");
  dataDir = path.join(root, "data");
  quarantineDir = path.join(root, "quarantine");
  options = { datasetPrefix: "", quarantineDir, dataDir };
  boxLines = sourceText(BOX).trimEnd().split("\n");
  header = boxLines[0]!.split(",");
  // Reference data and one real season of box scores: the registry the prop loader resolves names against.
  const setup = await loadRawFiles(warehouse, [...REFERENCE_FILES, dataFile(BOX)], options);
  expect(setup.ok).toBe(true);
}, 300_000);

afterAll(async () => {
  await warehouse?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe("broken inputs are quarantined with file, line and field; the rest loads", () => {
  it("a truncated gzip rejects the whole file, keeps its earlier rows, and the rest of the batch loads", async () => {
    const relative = "team_game_logs/2023-24.csv.gz";
    const good = fs.readFileSync(dataFile(relative));
    fs.mkdirSync(path.join(dataDir, "team_game_logs"), { recursive: true });
    fs.writeFileSync(path.join(dataDir, relative), good);
    const before = await loadRawFiles(warehouse, [path.join(dataDir, relative)], options);
    expect(before.files[0]!.status).toBe("loaded");
    const loadedRows = await rowsOf("team_game_results", relative);

    const truncated = good.subarray(0, Math.floor(good.length / 2));
    fs.writeFileSync(path.join(dataDir, relative), truncated);
    fs.mkdirSync(path.join(dataDir, "team_possessions"), { recursive: true });
    fs.copyFileSync(dataFile("team_possessions/2023-24.csv.gz"), path.join(dataDir, "team_possessions/2023-24.csv.gz"));
    const summary = await loadRawFiles(
      warehouse,
      [path.join(dataDir, relative), path.join(dataDir, "team_possessions/2023-24.csv.gz")],
      options,
    );

    const failed = summary.files.find((f) => f.sourceFile === relative)!;
    expect(failed.status).toBe("failed");
    expect(failed.errors[0]).toMatch(
      /^team_game_logs\/2023-24\.csv\.gz: not a readable gzip file \(.*\): the file is truncated or corrupt$/,
    );
    expect(summary.ok).toBe(false);
    expect(summary.tables.find((t) => t.table === "team_game_results")!.failed).toBe(1);
    const errorFile = path.join(quarantineDir, "team_game_results", "team_game_logs__2023-24.csv.gz.error.txt");
    expect(fs.readFileSync(errorFile, "utf8")).toContain("truncated or corrupt");
    expect(
      fs
        .readFileSync(path.join(quarantineDir, "team_game_results", "team_game_logs__2023-24.csv.gz"))
        .equals(truncated),
    ).toBe(true);
    expect(fs.existsSync(path.join(dataDir, relative))).toBe(true);
    expect(await rowsOf("team_game_results", relative)).toBe(loadedRows);
    expect(summary.files.find((f) => f.sourceFile === "team_possessions/2023-24.csv.gz")!.status).toBe("loaded");
    expect(await rowsOf("team_possessions", "team_possessions/2023-24.csv.gz")).toBe(loadedRows);
    const [log] = await warehouse.query(
      `SELECT status, message FROM nba_raw.load_log WHERE source_file = $f ORDER BY loaded_at DESC LIMIT 1`,
      {
        params: { f: relative },
      },
    );
    expect(log).toMatchObject({ status: "failed" });
  });

  it("a missing column rejects the whole file naming the column", async () => {
    const drop = col("FG3M");
    const relative = "player_box_scores/missing-column.csv.gz";
    writeGz(
      dataDir,
      relative,
      csv(
        header.filter((_, i) => i !== drop),
        boxRows(20).map((r) => r.filter((_, i) => i !== drop)),
      ),
    );
    const { files } = await loadRawFiles(warehouse, [path.join(dataDir, relative)], options);
    expect(files[0]).toMatchObject({ status: "failed", rowsLoaded: 0 });
    expect(files[0]!.errors[0]).toBe(`${relative}: line 1 (header): missing column FG3M`);
    expect(await rowsOf("player_box_scores", relative)).toBe(0);
  });

  it("a non-numeric stat rejects that record only", async () => {
    const rows = boxRows(30);
    rows[9]![col("PTS")] = "abc";
    const relative = "player_box_scores/bad-stat.csv.gz";
    writeGz(dataDir, relative, csv(header, rows));
    const { files } = await loadRawFiles(warehouse, [path.join(dataDir, relative)], options);
    expect(files[0]).toMatchObject({ status: "loaded", rowsRead: 30, rowsLoaded: 29, rowsRejected: 1 });
    expect(files[0]!.errors).toEqual([`${relative}:11: field PTS: expected a non-negative integer, got "abc"`]);
    expect(await rowsOf("player_box_scores", relative)).toBe(29);
    const [rejected] = readJsonl(
      path.join(quarantineDir, "player_box_scores", "player_box_scores__bad-stat.csv.gz.rejected.jsonl"),
    );
    expect(rejected).toMatchObject({ line: 11, field: "PTS", message: files[0]!.errors[0] });
  });

  it("a duplicated key rejects the later record, naming the first line", async () => {
    const rows = boxRows(25);
    rows.push([...rows[4]!]);
    const relative = "player_box_scores/duplicate.csv.gz";
    writeGz(dataDir, relative, csv(header, rows));
    const { files } = await loadRawFiles(warehouse, [path.join(dataDir, relative)], options);
    expect(files[0]).toMatchObject({ status: "loaded", rowsLoaded: 25, rowsRejected: 1 });
    const [gameId, playerId] = [rows[4]![col("GAME_ID")], rows[4]![col("PLAYER_ID")]];
    expect(files[0]!.errors).toEqual([
      `${relative}:27: field game_id+player_id: duplicate key (game_id, player_id) = (${gameId}, ${playerId}): already at line 6`,
    ]);
  });

  it("an unknown team rejects that record", async () => {
    const rows = boxRows(15);
    rows[2]![col("TEAM_ABBREVIATION")] = "XYZ";
    const relative = "player_box_scores/unknown-team.csv.gz";
    writeGz(dataDir, relative, csv(header, rows));
    const { files } = await loadRawFiles(warehouse, [path.join(dataDir, relative)], options);
    expect(files[0]).toMatchObject({ status: "loaded", rowsLoaded: 14, rowsRejected: 1 });
    expect(files[0]!.errors[0]).toBe(
      `${relative}:4: field TEAM_ABBREVIATION: unknown team "XYZ" (not a tricode in team_crosswalk)`,
    );
  });

  it("an unknown player spelling in a prop feed rejects that record; abbreviations and aliases load", async () => {
    const lines = sourceText("props/pra_oddsapi/2024-25.csv.gz").trimEnd().split("\n");
    const propHeader = lines[0]!.split(",");
    const rows = lines.slice(1, 41).map((l) => l.split(","));
    for (const r of rows) expect(r).toHaveLength(propHeader.length);
    const name = propHeader.indexOf("player_name");
    rows[7]![name] = "Zzyzx Qwerty";
    rows[8]![name] = "Carlton Carrington";
    const relative = "props/pra_oddsapi/unknown-player.csv.gz";
    writeGz(dataDir, relative, csv(propHeader, rows));
    const { files } = await loadRawFiles(warehouse, [path.join(dataDir, relative)], options);
    expect(files[0]).toMatchObject({ status: "loaded", rowsLoaded: 39, rowsRejected: 1 });
    expect(files[0]!.errors).toEqual([
      `${relative}:9: field player_name: unknown player spelling "Zzyzx Qwerty" (normalised "zzyzx qwerty"): ` +
        `no NBA player in player_box_scores has this name and player_aliases has no entry for it`,
    ]);
    const [alias] = await warehouse.query(
      `SELECT player_id, player_match FROM nba_raw.player_prop_lines WHERE source_file = $f AND source_line = 10`,
      { params: { f: relative } },
    );
    expect(alias).toEqual({ player_id: "1642267", player_match: "alias" });
  });

  it("an in-memory payload (scraper path) goes through the same validation", async () => {
    const rows = boxRows(5);
    rows[1]![col("GAME_DATE")] = "2024-02-30";
    const result = await loadRawPayload(
      warehouse,
      {
        kind: "player_box_scores",
        sourceName: "scraped/2024-10-22/boxscores.csv",
        content: Buffer.from(csv(header, rows)),
      },
      options,
    );
    expect(result).toMatchObject({ status: "loaded", rowsLoaded: 4, rowsRejected: 1 });
    expect(result.errors[0]).toBe(
      `scraped/2024-10-22/boxscores.csv:3: field GAME_DATE: expected a date YYYY-MM-DD, got "2024-02-30"`,
    );
  });
});
