import { afterEach, describe, expect, it } from "vitest";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { runHistoryTable } from "../../ts/engine/processing-tables.ts";

let w: DuckDbWarehouse | undefined;
afterEach(async () => w?.close());

describe("ensureTables on DuckDB", () => {
  it("adds the columns declared since the table was made (run_history before correlation_id), old rows NULL", async () => {
    w = await DuckDbWarehouse.open(":memory:");
    await w.execute("CREATE SCHEMA nba_processing");
    await w.execute(`CREATE TABLE nba_processing.run_history (run_id VARCHAR, action VARCHAR, action_type VARCHAR, file VARCHAR, status VARCHAR,
      rows_affected BIGINT, started_at TIMESTAMP, duration_ms BIGINT, error VARCHAR)`);
    await w.execute(
      "INSERT INTO nba_processing.run_history VALUES ('old', 'a', 'table', NULL, 'succeeded', 1, TIMESTAMP '2024-01-01 00:00:00', 5, NULL)",
    );
    const spec = runHistoryTable("nba_processing");
    await w.ensureTables([spec]);
    await w.ensureTables([spec]); // a second call changes nothing
    await w.loadRows(spec, [
      {
        run_id: "new",
        action: "b",
        action_type: "view",
        status: "succeeded",
        started_at: "2024-01-02T00:00:00Z",
        duration_ms: 7,
        correlation_id: "flow-1",
      },
    ]);
    const rows = await w.query<{ run_id: string; correlation_id: string | null }>(
      "SELECT run_id, correlation_id FROM nba_processing.run_history ORDER BY run_id",
    );
    expect(rows).toEqual([
      { run_id: "new", correlation_id: "flow-1" },
      { run_id: "old", correlation_id: null },
    ]);
  });
});
