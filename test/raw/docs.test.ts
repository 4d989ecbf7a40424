import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RAW_TABLES } from "../../ts/raw/raw-tables.ts";

describe("docs/data.md", () => {
  it("describes every raw table and every column", () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, "../../docs/data.md"), "utf8");
    for (const spec of RAW_TABLES.values()) {
      const start = doc.indexOf(`### nba_raw.${spec.name}\n`);
      expect(start, spec.name).toBeGreaterThan(0);
      const section = doc.slice(start, doc.indexOf("\n### ", start + 1) >>> 0);
      for (const column of spec.columns) {
        if (
          ["source_file", "source_line", "source_hash", "loaded_at"].includes(column.name) &&
          spec.name !== "load_log"
        )
          continue;
        expect(section, `${spec.name}.${column.name}`).toContain(`| ${column.name} | ${column.type} |`);
      }
    }
  });
});
