import { DuckDbWarehouse } from "../engine/duckdb-warehouse.ts";
import type { Warehouse } from "../engine/warehouse.ts";
import type { Config } from "../config/config.ts";

/** The Warehouse for the configured runtime. Only the local runtime exists so far. */
export async function openWarehouse(config: Config): Promise<Warehouse> {
  if (config.runtime !== "local") {
    throw new Error(
      `NBA_PROPS_RUNTIME=${config.runtime}: the BigQuery/Dataform adapter is not built yet; run with the local runtime (the default)`,
    );
  }
  return DuckDbWarehouse.open(config.warehousePath, {
    maxConnections: config.concurrency.run + 1,
    timeoutMs: config.queryTimeoutMs,
  });
}
