import { createSchema, quoteIdent } from "../engine/dml.ts";
import type { Warehouse } from "../engine/warehouse.ts";

/**
 * The orchestration tables that live in the warehouse in both runtimes (`<prefix>nba_processing`): run history with
 * start and finish rows, failures per entity, dead letters, the entity scope the glue writes for a scoped run
 * (SQLX reads it through includes/scope.js), the published data_hash state change detection compares against,
 * each processor's output version, each step's last consumed input fingerprint, and one row per flow.
 */
export const PROCESSING_SCHEMA = "nba_processing";

export function processingTable(prefix: string, name: string): string {
  return `${quoteIdent(`${prefix}${PROCESSING_SCHEMA}`)}.${quoteIdent(name)}`;
}

const DDL: Record<string, string> = {
  processor_runs: `run_id VARCHAR NOT NULL, processor_name VARCHAR NOT NULL, phase VARCHAR NOT NULL, correlation_id VARCHAR NOT NULL,
    start_date DATE NOT NULL, end_date DATE NOT NULL, status VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP,
    duration_seconds DOUBLE, records_processed BIGINT, entity_scope VARCHAR, summary VARCHAR, error VARCHAR, host VARCHAR NOT NULL`,
  processing_failures: `run_id VARCHAR NOT NULL, correlation_id VARCHAR NOT NULL, processor_name VARCHAR NOT NULL, entity_type VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL, game_date DATE, error VARCHAR NOT NULL, recorded_at TIMESTAMP NOT NULL`,
  dead_letters: `received_at TIMESTAMP NOT NULL, topic VARCHAR NOT NULL, message_id VARCHAR, payload VARCHAR, error VARCHAR NOT NULL`,
  entity_scope: `scope_id VARCHAR NOT NULL, entity_type VARCHAR NOT NULL, entity_id VARCHAR NOT NULL`,
  published_hashes: `table_name VARCHAR NOT NULL, row_key VARCHAR NOT NULL, data_hash VARCHAR, player VARCHAR, team VARCHAR, game_date DATE`,
  processor_versions: `processor_name VARCHAR PRIMARY KEY, output_version VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL`,
  flows: `correlation_id VARCHAR PRIMARY KEY, mode VARCHAR NOT NULL, start_date DATE NOT NULL, end_date DATE NOT NULL,
    started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP, status VARCHAR NOT NULL, note VARCHAR`,
  step_state: `step VARCHAR NOT NULL, window_key VARCHAR NOT NULL, input_fingerprint VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL,
    output_versions VARCHAR, PRIMARY KEY (step, window_key)`,
};

export async function ensureWarehouseTables(warehouse: Warehouse, prefix: string): Promise<void> {
  await warehouse.execute(createSchema(`${prefix}${PROCESSING_SCHEMA}`));
  for (const [name, columns] of Object.entries(DDL)) {
    await warehouse.execute(`CREATE TABLE IF NOT EXISTS ${processingTable(prefix, name)} (${columns})`);
  }
  // step_state of a warehouse made before output versions were kept
  await warehouse.execute(
    `ALTER TABLE ${processingTable(prefix, "step_state")} ADD COLUMN IF NOT EXISTS output_versions VARCHAR`,
  );
}
