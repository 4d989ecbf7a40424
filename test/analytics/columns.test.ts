import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { phase3Warehouse, REPO } from "./fixture.ts";
import { PHASE3_KEYS } from "./phase3-fingerprints.ts";

/**
 * Each phase 3 model's columns live in one list (includes/<model>_fields.js): the config block's docs and the
 * data_hash field list are derived from it. These checks keep the list, the built table and the docs page in step.
 */
interface Column {
  name: string;
  type: string;
  description: string;
  hashed: boolean;
}
const require = createRequire(import.meta.url);
const columnsOf = (model: string) => (require(`${REPO}/includes/${model}_fields.js`) as { COLUMNS: Column[] }).COLUMNS;

const DUCKDB_TYPE: Record<string, string> = {
  VARCHAR: "STRING",
  BIGINT: "INT64",
  DOUBLE: "FLOAT64",
  BOOLEAN: "BOOL",
  DATE: "DATE",
};

let w: DuckDbWarehouse;
let dir: string;
beforeAll(async () => {
  const fixture = await phase3Warehouse();
  w = fixture.warehouse;
  dir = path.dirname(fixture.file);
}, 300_000);
afterAll(async () => {
  await w?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("one column list per model", () => {
  for (const model of Object.keys(PHASE3_KEYS)) {
    it(`${model}: the table has exactly the listed columns, with the listed types`, async () => {
      const rows = await w.query<{ column_name: string; column_type: string }>(`DESCRIBE nba_analytics.${model}`);
      const built = Object.fromEntries(rows.map((r) => [r.column_name, DUCKDB_TYPE[r.column_type] ?? r.column_type]));
      const listed = Object.fromEntries(columnsOf(model).map((c) => [c.name, c.type]));
      expect(built).toEqual(listed);
    });

    it(`${model}: the docs page lists every column with its type`, () => {
      const doc = fs.readFileSync(path.join(REPO, "docs/data-model", `${model}.md`), "utf8");
      const table = doc.slice(doc.indexOf("## Columns"));
      const documented = new Map<string, string>();
      for (const line of table.split("\n")) {
        const cells = line.split("|").map((c) => c.trim());
        if (cells.length < 4 || !/^[a-z]/.test(cells[1]!)) continue;
        // a row may document several columns: "a / b | INT64" or "a, b, c | STRING, STRING, BOOL"
        const names = cells[1]!.split(/[,/]/).map((n) => n.trim().replaceAll("`", ""));
        const types = cells[2]!.split(",").map((t) => t.trim());
        for (const [i, name] of names.entries())
          documented.set(name, types.length === names.length ? types[i]! : types[0]!);
      }
      for (const c of columnsOf(model)) expect(documented.get(c.name), `${model}.${c.name}`).toBe(c.type);
    });
  }
});
