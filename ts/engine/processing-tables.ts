import type { TableSpec } from "./warehouse.ts";

/**
 * The runner's own tables, as declared in definitions/processing/*.sqlx (a test keeps the two equal), with their
 * BigQuery layout: partitioned by day so a report reads only recent partitions, clustered by what it filters on.
 */
export function runHistoryTable(schema: string): TableSpec {
  return {
    schema,
    name: "run_history",
    description: "One row per action per run (local runner or Dataform workflow invocation).",
    columns: [
      { name: "run_id", type: "STRING" },
      { name: "action", type: "STRING" },
      { name: "action_type", type: "STRING" },
      { name: "file", type: "STRING" },
      { name: "status", type: "STRING" },
      { name: "rows_affected", type: "INT64" },
      { name: "started_at", type: "TIMESTAMP" },
      { name: "duration_ms", type: "INT64" },
      { name: "error", type: "STRING" },
      { name: "correlation_id", type: "STRING" },
    ],
    partitionBy: "started_at",
    clusterBy: ["action", "status"],
  };
}

export function assertionLogTable(schema: string): TableSpec {
  return {
    schema,
    name: "assertion_log",
    description: "One row per assertion per run: outcome, offending-row count and a sample of offending rows.",
    columns: [
      { name: "run_id", type: "STRING" },
      { name: "assertion", type: "STRING" },
      { name: "checked_tables", type: "STRING" },
      { name: "file", type: "STRING" },
      { name: "checked_at", type: "TIMESTAMP" },
      { name: "status", type: "STRING" },
      { name: "failing_rows", type: "INT64" },
      { name: "sample_rows", type: "STRING" },
      { name: "error", type: "STRING" },
    ],
    partitionBy: "checked_at",
    clusterBy: ["assertion", "status"],
  };
}
