import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { ChangeDetector, type ModelShape } from "../../ts/orchestration/change-detection.ts";
import { orchestrationWarehouse, tempDir } from "./helpers.ts";

/** A table without data_hash (a daily aggregate): its version follows its content, not the clock. */
describe("change detection of a model without data_hash", () => {
  let dir: string;
  let w: DuckDbWarehouse;
  const shape: ModelShape = {
    name: "daily_totals",
    ref: { schema: "nba_x", name: "daily_totals" },
    uniqueKey: [],
    columns: new Set(["game_date", "total"]),
  };
  const window = { start: "2024-01-01", end: "2024-01-31" };

  beforeEach(async () => {
    dir = tempDir("nbap-change-");
    w = await orchestrationWarehouse(dir);
    await w.execute("CREATE SCHEMA nba_x");
    await w.execute(
      "CREATE TABLE nba_x.daily_totals AS SELECT * FROM (VALUES (DATE '2024-01-01', 10), (DATE '2024-01-02', 12)) v(game_date, total)",
    );
  });
  afterEach(async () => {
    await w.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function detectAndCommit() {
    const d = new ChangeDetector(w, "");
    const changes = await d.detect(shape, window);
    await d.commit(shape, window, changes.outputVersion);
    return changes;
  }

  it("first run: every row is new; the same content again: nothing changed, same version; a changed, reordered or duplicated row: changed", async () => {
    const first = await detectAndCommit();
    expect(first.rows).toBe(2);
    expect(first.incremental).toBe(false);

    await w.execute(
      "CREATE OR REPLACE TABLE nba_x.daily_totals AS SELECT * FROM nba_x.daily_totals ORDER BY game_date DESC",
    );
    const same = await detectAndCommit();
    expect(same.rows).toBe(0);
    expect(same.outputVersion).toBe(first.outputVersion);

    await w.execute("UPDATE nba_x.daily_totals SET total = 13 WHERE game_date = DATE '2024-01-02'");
    const changed = await detectAndCommit();
    expect(changed.rows).toBe(2);
    expect(changed.outputVersion).not.toBe(first.outputVersion);

    await w.execute(
      "INSERT INTO nba_x.daily_totals SELECT * FROM nba_x.daily_totals WHERE game_date = DATE '2024-01-01'",
    );
    const duplicated = await detectAndCommit();
    expect(duplicated.rows).toBe(3);
    expect(duplicated.outputVersion).not.toBe(changed.outputVersion);
  });
});
