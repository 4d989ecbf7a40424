import fs from "node:fs";
import zlib from "node:zlib";
import { parse } from "csv-parse/sync";

/** A shipped CSV file read directly (not through the loaders), so tests compute expected values independently. */
export function readGzipCsv(file: string): Record<string, string>[] {
  return parse(zlib.gunzipSync(fs.readFileSync(file)), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
}
