import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyExpression, scaledWindow } from "../../bench/replicate.ts";
import { logLogSlope } from "../../bench/scaling.ts";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";

describe("bench: replicated data for the scaling figure", () => {
  let w: DuckDbWarehouse;
  beforeAll(async () => {
    w = await DuckDbWarehouse.open(":memory:");
  });
  afterAll(async () => w.close());

  const copy = async (name: string, type: string, literal: string, k: number) =>
    (
      await w.query<{ v: unknown }>(
        `SELECT CAST(${copyExpression(name, type, k)} AS VARCHAR) AS v FROM (SELECT ${literal} AS "${name}")`,
      )
    )[0]!.v;

  it("moves dates and seasons 4 years per copy and gives fresh, non-colliding ids", async () => {
    expect(await copy("game_date", "DATE", "DATE '2024-02-29'", 1)).toBe("2028-02-29");
    expect(await copy("snapshot_time", "TIMESTAMP", "TIMESTAMP '2023-11-02 23:30:00'", 2)).toBe("2031-11-02 23:30:00");
    expect(await copy("season", "VARCHAR", "'2023-24'", 1)).toBe("2027-28");
    expect(await copy("season", "VARCHAR", "'2024-25'", 7)).toBe("2052-53");
    expect(await copy("season_id", "VARCHAR", "'22023'", 2)).toBe("22031");
    expect(await copy("game_id", "VARCHAR", "'0022300061'", 1)).toBe("0022700061");
    expect(await copy("game_id", "VARCHAR", "'0042100101'", 7)).toBe("0044900101");
    expect(await copy("player_id", "VARCHAR", "'1629029'", 3)).toBe("162902903");
    expect(await copy("player_lookup", "VARCHAR", "'lukadoncic'", 3)).toBe("lukadoncic r3");
    expect(await copy("loaded_at", "TIMESTAMP", "TIMESTAMP '2026-01-01 00:00:00'", 3)).toBe("2026-01-01 00:00:00");
    expect(await copy("pts", "BIGINT", "31", 3)).toBe("31");
    expect(scaledWindow({ start_date: "2021-10-01", end_date: "2025-06-30" }, 8)).toEqual({
      start_date: "2021-10-01",
      end_date: "2053-06-30",
    });
  });

  it("fits the log-log slope of time against rows", () => {
    expect(
      logLogSlope([
        { raw_rows: 100, median_s: 1 },
        { raw_rows: 200, median_s: 2 },
        { raw_rows: 800, median_s: 8 },
      ]),
    ).toBe(1);
    expect(
      logLogSlope([
        { raw_rows: 100, median_s: 1 },
        { raw_rows: 200, median_s: 4 },
      ]),
    ).toBe(2);
  });
});
