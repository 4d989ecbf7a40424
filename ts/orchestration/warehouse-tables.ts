import type { ColumnSpec, ColumnType, TableSpec, Warehouse } from "../engine/warehouse.ts";

/**
 * The orchestration tables that live in the warehouse in both runtimes (`<prefix>nba_processing`): run history with
 * start and finish rows, failures per entity, dead letters, the entity scope the glue writes for a scoped run
 * (SQLX reads it through includes/scope.js), the published data_hash state change detection compares against,
 * each processor's output version, each step's last consumed input fingerprint, and one row per flow. Declared
 * here once; each runtime's adapter creates them (DuckDB table, or BigQuery table with its partitioning and
 * clustering) through Warehouse.ensureTables.
 */
export const PROCESSING_SCHEMA = "nba_processing";

type Table =
  | "processor_runs"
  | "processing_failures"
  | "dead_letters"
  | "entity_scope"
  | "published_hashes"
  | "processor_versions"
  | "flows"
  | "step_state";

const columns = (spec: Record<string, ColumnType>): ColumnSpec[] =>
  Object.entries(spec).map(([name, type]) => ({ name, type }));

const TABLES: Record<Table, Omit<TableSpec, "schema" | "name">> = {
  processor_runs: {
    description: "A flow step's runs: a running row at its start and a second row when it finishes (append-only).",
    columns: columns({
      run_id: "STRING",
      processor_name: "STRING",
      phase: "STRING",
      correlation_id: "STRING",
      start_date: "DATE",
      end_date: "DATE",
      status: "STRING",
      started_at: "TIMESTAMP",
      finished_at: "TIMESTAMP",
      duration_seconds: "FLOAT64",
      records_processed: "INT64",
      entity_scope: "STRING",
      summary: "STRING",
      error: "STRING",
      host: "STRING",
    }),
    partitionBy: "started_at",
    clusterBy: ["processor_name", "status"],
  },
  processing_failures: {
    description: "One row per failed entity, per run and processor.",
    columns: columns({
      run_id: "STRING",
      correlation_id: "STRING",
      processor_name: "STRING",
      entity_type: "STRING",
      entity_id: "STRING",
      game_date: "DATE",
      error: "STRING",
      recorded_at: "TIMESTAMP",
    }),
    partitionBy: "recorded_at",
    clusterBy: ["processor_name"],
  },
  dead_letters: {
    description: "Rejected messages, kept whole with the reason.",
    columns: columns({
      received_at: "TIMESTAMP",
      topic: "STRING",
      message_id: "STRING",
      payload: "STRING",
      error: "STRING",
    }),
    partitionBy: "received_at",
    clusterBy: ["topic"],
  },
  entity_scope: {
    description: "Control table of entity-scoped runs (definitions/processing/entity_scope.sqlx).",
    columns: columns({ scope_id: "STRING", entity_type: "STRING", entity_id: "STRING" }),
    clusterBy: ["scope_id"],
  },
  published_hashes: {
    description: "The data_hash of every row change detection last published, per model.",
    columns: columns({
      table_name: "STRING",
      row_key: "STRING",
      data_hash: "STRING",
      player: "STRING",
      team: "STRING",
      game_date: "DATE",
    }),
    partitionBy: "game_date",
    clusterBy: ["table_name"],
  },
  processor_versions: {
    description: "Each processor's output version (moves when its rows changed).",
    columns: columns({ processor_name: "STRING", output_version: "STRING", updated_at: "TIMESTAMP" }),
  },
  flows: {
    description: "One row per flow (correlation id): mode, window and how it ended.",
    columns: columns({
      correlation_id: "STRING",
      mode: "STRING",
      start_date: "DATE",
      end_date: "DATE",
      started_at: "TIMESTAMP",
      finished_at: "TIMESTAMP",
      status: "STRING",
      note: "STRING",
    }),
    partitionBy: "started_at",
    clusterBy: ["mode", "status"],
  },
  step_state: {
    description: "Each step's last fully processed input fingerprint and output versions, per window.",
    columns: columns({
      step: "STRING",
      window_key: "STRING",
      input_fingerprint: "STRING",
      updated_at: "TIMESTAMP",
      output_versions: "STRING",
    }),
  },
};

export function processingTableSpec(prefix: string, name: Table): TableSpec {
  return { schema: `${prefix}${PROCESSING_SCHEMA}`, name, ...TABLES[name] };
}

/** The table's name in the port's GoogleSQL text. */
export function processingTable(warehouse: Warehouse, prefix: string, name: Table): string {
  return warehouse.tablePath(`${prefix}${PROCESSING_SCHEMA}`, name);
}

export async function ensureWarehouseTables(warehouse: Warehouse, prefix: string): Promise<void> {
  await warehouse.ensureTables((Object.keys(TABLES) as Table[]).map((name) => processingTableSpec(prefix, name)));
}
