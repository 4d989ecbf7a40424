import path from "node:path";
import { describe, expect, it } from "vitest";
import * as dml from "../../ts/engine/dml.ts";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { tempDir } from "./helpers.ts";

const t = { schema: "nba_analytics", name: "player_game_summary" };

/** Golden tests: the exact DuckDB statements the runner writes. */
describe("runner DML", () => {
  it("MERGE on a composite key updates only changed rows", () => {
    expect(
      dml.mergeFromStage(
        t,
        "nbap_stage_1",
        new Map([
          ["player_id", "VARCHAR"],
          ["game_date", "DATE"],
          ["points", "BIGINT"],
        ]),
        ["player_id", "game_date"],
        ["T.game_date >= '2024-01-01'"],
      ),
    ).toBe(
      [
        `MERGE INTO "nba_analytics"."player_game_summary" AS T`,
        `USING "nbap_stage_1" AS S`,
        `ON T."player_id" = S."player_id" AND T."game_date" = S."game_date" AND (T.game_date >= '2024-01-01')`,
        `WHEN MATCHED AND (NOT (T."player_id" IS NOT DISTINCT FROM S."player_id" AND T."game_date" IS NOT DISTINCT FROM S."game_date" AND T."points" IS NOT DISTINCT FROM S."points")) THEN UPDATE SET "player_id" = S."player_id", "game_date" = S."game_date", "points" = S."points"`,
        `WHEN NOT MATCHED THEN INSERT ("player_id", "game_date", "points") VALUES (S."player_id", S."game_date", S."points")`,
      ].join("\n"),
    );
  });
  it("append, create, stage and checks", () => {
    expect(dml.insertFromStage(t, "s", ["a", "b"])).toBe(
      `INSERT INTO "nba_analytics"."player_game_summary" ("a", "b")\nSELECT "a", "b" FROM "s"`,
    );
    expect(dml.createTableAs(t, "SELECT 1")).toBe(
      `CREATE OR REPLACE TABLE "nba_analytics"."player_game_summary" AS\nSELECT 1`,
    );
    expect(dml.createViewAs(t, "SELECT 1")).toBe(
      `CREATE OR REPLACE VIEW "nba_analytics"."player_game_summary" AS\nSELECT 1`,
    );
    expect(dml.createStage("s", "SELECT 1")).toBe(`CREATE OR REPLACE TEMP TABLE "s" AS\nSELECT 1`);
    expect(dml.nullKeyCount("s", ["a", "b"])).toBe(`SELECT count(*) AS n FROM "s" WHERE "a" IS NULL OR "b" IS NULL`);
    expect(dml.duplicateKeys("s", ["a"])).toBe(
      `SELECT "a", count(*) AS n FROM "s" GROUP BY "a" HAVING count(*) > 1 LIMIT 5`,
    );
    const kv = new Map([
      ["k", "VARCHAR"],
      ["v", "BIGINT"],
    ]);
    expect(dml.deleteStalePartitionRows(t, "s", "game_date", kv)).toBe(
      [
        `DELETE FROM "nba_analytics"."player_game_summary" AS T`,
        `WHERE (game_date) IN (SELECT DISTINCT game_date FROM "s")`,
        `AND NOT EXISTS (SELECT 1 FROM "s" AS S WHERE S."k" IS NOT DISTINCT FROM T."k" AND S."v" IS NOT DISTINCT FROM T."v")`,
      ].join("\n"),
    );
    expect(dml.insertMissingRows(t, "s", kv)).toBe(
      [
        `INSERT INTO "nba_analytics"."player_game_summary" ("k", "v")`,
        `SELECT "k", "v" FROM "s" AS S`,
        `WHERE NOT EXISTS (SELECT 1 FROM "nba_analytics"."player_game_summary" AS T WHERE T."k" IS NOT DISTINCT FROM S."k" AND T."v" IS NOT DISTINCT FROM S."v")`,
      ].join("\n"),
    );
  });
  it("compares FLOAT64 columns within the rounding tolerance, other columns exactly", () => {
    const sql = dml.mergeFromStage(
      t,
      "s",
      new Map([
        ["k", "VARCHAR"],
        ["mae", "DOUBLE"],
      ]),
      ["k"],
    );
    expect(sql).toContain(
      `(T."mae" IS NOT DISTINCT FROM S."mae" OR coalesce(abs(T."mae" - S."mae") <= 1e-12 * greatest(1.0, abs(T."mae"), abs(S."mae")), false))`,
    );
    expect(sql).toContain(`T."k" IS NOT DISTINCT FROM S."k" AND`);
  });
  it("quotes identifiers, doubling embedded quotes", () => {
    expect(dml.quoteIdent(`we"ird`)).toBe(`"we""ird"`);
  });
});

describe("runner DML on DuckDB", () => {
  it("an unchanged row whose FLOAT64 moved by rounding noise is left alone; a real change, NULL or not, is written", async () => {
    const w = await DuckDbWarehouse.open(path.join(tempDir(), "w.duckdb"));
    try {
      await w.execute("CREATE SCHEMA nba_analytics");
      await w.execute("CREATE TABLE nba_analytics.player_game_summary (k VARCHAR, v DOUBLE, n BIGINT)");
      // 0.1 + 0.2 and 0.3 differ in the last bit (5.55e-17); 1e6 + 1e-7 differs from 1e6 by 1e-13 relative
      await w.execute(`INSERT INTO nba_analytics.player_game_summary VALUES
        ('noise', 0.3, 1), ('big-noise', 1e6, 1), ('real', 2.5, 1), ('was-null', NULL, 1), ('becomes-null', 1.0, 1),
        ('int', 1.0, 1), ('same', 4.0, 1)`);
      await w.execute(`CREATE TEMP TABLE s AS SELECT * FROM (VALUES
        ('noise', 0.1::DOUBLE + 0.2::DOUBLE, 1), ('big-noise', 1e6 + 1e-7, 1), ('real', 2.5000001, 1), ('was-null', 0.0, 1),
        ('becomes-null', NULL, 1), ('int', 1.0, 2), ('same', 4.0, 1), ('new', 9.0, 1)) AS t(k, v, n)`);
      const types = new Map([
        ["k", "VARCHAR"],
        ["v", "DOUBLE"],
        ["n", "BIGINT"],
      ]);
      // real, was-null, becomes-null and int updated; new inserted
      expect(await w.execute(dml.mergeFromStage(t, "s", types, ["k"]))).toBe(5);
      const rows = await w.query<{ k: string; v: number | null; n: number }>(
        "SELECT k, v, n FROM nba_analytics.player_game_summary ORDER BY k",
      );
      expect(rows).toEqual([
        { k: "becomes-null", v: null, n: 1 },
        { k: "big-noise", v: 1e6, n: 1 },
        { k: "int", v: 1.0, n: 2 },
        { k: "new", v: 9.0, n: 1 },
        { k: "noise", v: 0.3, n: 1 },
        { k: "real", v: 2.5000001, n: 1 },
        { k: "same", v: 4.0, n: 1 },
        { k: "was-null", v: 0.0, n: 1 },
      ]);
    } finally {
      await w.close();
    }
  });
});
