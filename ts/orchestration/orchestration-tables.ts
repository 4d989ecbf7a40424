import { createSchema, quoteIdent } from "../engine/dml.ts";
import type { Warehouse } from "../engine/warehouse.ts";

/**
 * The local runtime's orchestration state, in `<prefix>nba_orchestration` of the DuckDB file: the bus outbox, the
 * completion documents and run claims. (In the gcp runtime these live in Pub/Sub
 * and Firestore; only the warehouse tables of warehouse-tables.ts exist there.)
 */
export const ORCHESTRATION_SCHEMA = "nba_orchestration";

export function orchestrationTable(prefix: string, name: string): string {
  return `${quoteIdent(`${prefix}${ORCHESTRATION_SCHEMA}`)}.${quoteIdent(name)}`;
}

const DDL: Record<string, string> = {
  outbox: `seq BIGINT NOT NULL, message_id VARCHAR PRIMARY KEY, topic VARCHAR NOT NULL, payload VARCHAR NOT NULL,
    published_at TIMESTAMP NOT NULL, deliveries INTEGER NOT NULL DEFAULT 0, acked_at TIMESTAMP`,
  transitions: `transition VARCHAR NOT NULL, window_key VARCHAR NOT NULL, correlation_id VARCHAR NOT NULL, expected VARCHAR NOT NULL,
    first_completion_at TIMESTAMP NOT NULL, last_completion_at TIMESTAMP NOT NULL, triggered_at TIMESTAMP, trigger_published_at TIMESTAMP,
    PRIMARY KEY (transition, window_key, correlation_id)`,
  completions: `transition VARCHAR NOT NULL, window_key VARCHAR NOT NULL, correlation_id VARCHAR NOT NULL, processor VARCHAR NOT NULL,
    status VARCHAR NOT NULL, record_count BIGINT NOT NULL, is_incremental BOOLEAN NOT NULL, players VARCHAR NOT NULL, teams VARCHAR NOT NULL,
    output_version VARCHAR NOT NULL, execution_id VARCHAR NOT NULL, completed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (transition, window_key, correlation_id, processor)`,
  run_claims: `name VARCHAR NOT NULL, claim_key VARCHAR NOT NULL, run_id VARCHAR NOT NULL, host VARCHAR NOT NULL, pid INTEGER NOT NULL,
    claimed_at TIMESTAMP NOT NULL, PRIMARY KEY (name, claim_key)`,
};

export async function ensureOrchestrationTables(warehouse: Warehouse, prefix: string): Promise<void> {
  await warehouse.execute(createSchema(`${prefix}${ORCHESTRATION_SCHEMA}`));
  for (const [name, columns] of Object.entries(DDL)) {
    await warehouse.execute(`CREATE TABLE IF NOT EXISTS ${orchestrationTable(prefix, name)} (${columns})`);
  }
  await warehouse.execute(`CREATE SEQUENCE IF NOT EXISTS ${orchestrationTable(prefix, "outbox_seq")}`);
}
