import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { phase3Warehouse } from "./fixture.ts";
import { type Fingerprint, PHASE3_KEYS, phase3Fingerprints } from "./phase3-fingerprints.ts";

/**
 * Refactors of phase 3 (the intermediate layer, linear rewrites, column renames) must not change a single value:
 * every table's row count and the digest of all its (key, data_hash) pairs equal the ones recorded from the graph
 * before the refactor (commit 1943539, season 2023-24, the fixture's window). data_hash covers every column, so a
 * renamed column keeps its hash position and the digest stays the same. A deliberate change of values must update
 * phase3-fingerprints.json in the same commit and say why.
 */
const recorded = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "phase3-fingerprints.json"), "utf8")) as {
  commit: string;
  tables: Record<string, Fingerprint>;
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

describe("phase 3 values are unchanged by refactors (fingerprints of every data_hash)", () => {
  it("covers every phase 3 model", () => {
    expect(Object.keys(recorded.tables).sort()).toEqual(Object.keys(PHASE3_KEYS).sort());
  });

  for (const table of Object.keys(PHASE3_KEYS)) {
    it(table, async () => {
      const now = await phase3Fingerprints(w);
      expect(now[table]).toEqual(recorded.tables[table]);
    });
  }
});
