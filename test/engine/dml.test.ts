import { describe, expect, it } from "vitest";
import * as dml from "../../ts/engine/dml.ts";

const t = { schema: "nba_analytics", name: "player_game_summary" };

/** Golden tests: the exact DuckDB statements the runner writes. */
describe("runner DML", () => {
  it("MERGE on a composite key updates only changed rows", () => {
    expect(
      dml.mergeFromStage(
        t,
        "nbap_stage_1",
        ["player_id", "game_date", "points"],
        ["player_id", "game_date"],
        ["T.game_date >= '2024-01-01'"],
      ),
    ).toBe(
      [
        `MERGE INTO "nba_analytics"."player_game_summary" AS T`,
        `USING "nbap_stage_1" AS S`,
        `ON T."player_id" = S."player_id" AND T."game_date" = S."game_date" AND (T.game_date >= '2024-01-01')`,
        `WHEN MATCHED AND (T."player_id" IS DISTINCT FROM S."player_id" OR T."game_date" IS DISTINCT FROM S."game_date" OR T."points" IS DISTINCT FROM S."points") THEN UPDATE SET "player_id" = S."player_id", "game_date" = S."game_date", "points" = S."points"`,
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
    expect(dml.deleteStalePartitionRows(t, "s", "game_date", ["k", "v"])).toBe(
      [
        `DELETE FROM "nba_analytics"."player_game_summary" AS T`,
        `WHERE (game_date) IN (SELECT DISTINCT game_date FROM "s")`,
        `AND NOT EXISTS (SELECT 1 FROM "s" AS S WHERE S."k" IS NOT DISTINCT FROM T."k" AND S."v" IS NOT DISTINCT FROM T."v")`,
      ].join("\n"),
    );
    expect(dml.insertMissingRows(t, "s", ["k", "v"])).toBe(
      [
        `INSERT INTO "nba_analytics"."player_game_summary" ("k", "v")`,
        `SELECT "k", "v" FROM "s" AS S`,
        `WHERE NOT EXISTS (SELECT 1 FROM "nba_analytics"."player_game_summary" AS T WHERE T."k" IS NOT DISTINCT FROM S."k" AND T."v" IS NOT DISTINCT FROM S."v")`,
      ].join("\n"),
    );
  });
  it("quotes identifiers, doubling embedded quotes", () => {
    expect(dml.quoteIdent(`we"ird`)).toBe(`"we""ird"`);
  });
});
