import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataHash, type HashFieldType } from "../../ts/engine/data-hash.ts";
import { quoteIdent } from "../../ts/engine/dml.ts";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { phase3Warehouse } from "./fixture.ts";

const PHASE3_MODELS = [
  "player_game_summary",
  "team_offense_game_summary",
  "team_defense_game_summary",
  "upcoming_player_game_context",
  "upcoming_team_game_context",
];

const require = createRequire(import.meta.url);
const hashFields = (model: string) =>
  (require(`../../includes/${model}_fields.js`) as { HASH_FIELDS: [string, HashFieldType][] }).HASH_FIELDS;

let w: DuckDbWarehouse;
beforeAll(async () => {
  ({ warehouse: w } = await phase3Warehouse());
}, 240_000);
afterAll(async () => w?.close());

describe("data_hash computed in SQL equals the TS canonical hash of the same fields, for every row", () => {
  for (const model of PHASE3_MODELS) {
    it(model, async () => {
      const fields = hashFields(model);
      expect(fields.length).toBeGreaterThan(0);
      const select = fields.map(([c, t]) =>
        t === "NUMERIC" ? `CAST(${quoteIdent(c)} AS VARCHAR) AS ${quoteIdent(c)}` : quoteIdent(c),
      );
      const rows = await w.query<Record<string, unknown>>(
        `SELECT ${select.join(", ")}, data_hash FROM nba_analytics.${quoteIdent(model)}`,
      );
      expect(rows.length).toBeGreaterThan(0);
      const mismatches = rows.filter((r) => r.data_hash !== dataHash(fields.map(([c, t]) => [r[c] as never, t])));
      expect(mismatches.slice(0, 3)).toEqual([]);
    });
  }
});
