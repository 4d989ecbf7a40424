import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";

import { DATA_DIR } from "../support/data-dir.ts";

export { DATA_DIR };

export function dataFile(relative: string): string {
  return path.join(DATA_DIR, relative);
}

/** The decompressed text of a shipped file. */
export function sourceText(relative: string): string {
  const bytes = fs.readFileSync(dataFile(relative));
  return (relative.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
}

export interface SourceRecord {
  line: number;
  values: Record<string, string>;
}

/** The records of a shipped CSV with their line numbers, read independently of the loaders. */
export function sourceRecords(relative: string): SourceRecord[] {
  const rows = parse(sourceText(relative), { columns: true, info: true, bom: true, skip_empty_lines: true }) as {
    record: Record<string, string>;
    info: { lines: number };
  }[];
  return rows.map((r) => ({ line: r.info.lines, values: r.record }));
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `nba-props-${prefix}-`));
}

/** Writes text gzipped at dir/relative (creating folders). */
export function writeGz(dir: string, relative: string, text: string): string {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, gzipSync(Buffer.from(text, "utf8")));
  return file;
}

export async function memoryWarehouse(): Promise<DuckDbWarehouse> {
  return DuckDbWarehouse.open(":memory:");
}

/** Reference tables every loader needs, as [file, ...] from the shipped data. */
export const REFERENCE_FILES = [
  dataFile("reference/team_crosswalk.csv"),
  dataFile("reference/prop_player_aliases.csv"),
];

/** tricode by game-lines site code / by team id, from the shipped crosswalk (test-side, not the loader's resolver). */
export function crosswalk(): { bySiteCode: Map<string, string>; byTeamId: Map<string, string> } {
  const rows = sourceRecords("reference/team_crosswalk.csv").map((r) => r.values);
  return {
    bySiteCode: new Map(rows.map((r) => [r.game_lines_code!, r.tricode!])),
    byTeamId: new Map(rows.map((r) => [r.team_id!, r.tricode!])),
  };
}
