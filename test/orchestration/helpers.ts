import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { DeadLetters } from "../../ts/orchestration/dead-letters.ts";
import type { EnvelopeInput } from "../../ts/orchestration/envelope.ts";
import { ensureOrchestrationTables } from "../../ts/orchestration/orchestration-tables.ts";
import { ensureWarehouseTables } from "../../ts/orchestration/warehouse-tables.ts";

export const silentLogger = pino({ level: "silent" });

export function tempDir(prefix = "nbap-orch-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh DuckDB file with the orchestration tables, under `prefix`. */
export async function orchestrationWarehouse(dir: string, prefix = "", maxConnections = 4): Promise<DuckDbWarehouse> {
  const w = await DuckDbWarehouse.open(path.join(dir, "w.duckdb"), { maxConnections });
  await ensureWarehouseTables(w, prefix);
  await ensureOrchestrationTables(w, prefix);
  return w;
}

export const deadLetters = (w: DuckDbWarehouse, prefix = "") => new DeadLetters(w, prefix);

export function completionEnvelope(over: Partial<EnvelopeInput> = {}): EnvelopeInput {
  return {
    processor_name: "player_game_summary",
    phase: "phase_3_analytics",
    execution_id: "run-1",
    correlation_id: "flow-1",
    game_date: "2024-01-15",
    status: "success",
    record_count: 10,
    timestamp: "2024-01-16T08:00:00.000Z",
    entities_changed: { players: ["lebronjames"], teams: [] },
    is_incremental: true,
    metadata: { output_version: "v1" },
    ...over,
  };
}
