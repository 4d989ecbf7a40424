import { describe, expect, it } from "vitest";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { QueryTimeoutError } from "../../ts/engine/warehouse.ts";

describe("DuckDbWarehouse", () => {
  it("cancels a job that runs past its timeout, and the connection stays usable", async () => {
    const w = await DuckDbWarehouse.open(":memory:", { maxConnections: 1, timeoutMs: 60_000 });
    try {
      const slow = "SELECT count(*) AS n FROM range(100000000) a, range(100000) b";
      await expect(w.query(slow, { timeoutMs: 200 })).rejects.toBeInstanceOf(QueryTimeoutError);
      expect(await w.query("SELECT 42 AS n")).toEqual([{ n: 42 }]);
    } finally {
      await w.close();
    }
  });

  it("binds parameters instead of splicing them, and rolls a failed transaction back", async () => {
    const w = await DuckDbWarehouse.open(":memory:");
    try {
      await w.execute("CREATE TABLE t (s VARCHAR)");
      await w.execute("INSERT INTO t VALUES ($s)", { params: { s: "x'); DROP TABLE t; --" } });
      await expect(
        w.transaction(async (s) => {
          await s.execute("INSERT INTO t VALUES ('in the transaction')");
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await w.query("SELECT s FROM t")).toEqual([{ s: "x'); DROP TABLE t; --" }]);
    } finally {
      await w.close();
    }
  });
});
