import type { Warehouse } from "../engine/warehouse.ts";
import type { RawLoadSummary } from "../raw/load-raw.ts";
import { RAW_TABLES, rawSchemaName } from "../raw/raw-tables.ts";
import { sha } from "./change-detection.ts";
import type { ProcessorResult, Step, StepContext } from "./step.ts";
import { completeTopic, triggerTopic } from "./topics.ts";

/** Loads the raw files for a flow (locally: the shipped data, unchanged files skipped) into `<prefix>nba_raw`. */
export type RawLoader = (warehouse: Warehouse, datasetPrefix: string) => Promise<RawLoadSummary>;

const RAW_PROCESSORS = [...RAW_TABLES.keys()].filter((t) => t !== "load_log");

/**
 * Phase 2: the raw load. One processor per raw table. A table's output version is the set of file versions
 * (source_file, source_hash) currently loaded into it, read from nba_raw.load_log: it moves exactly when a file
 * of that table was loaded with new content. The raw layer does not name changed entities: phase 3 runs its
 * whole window (set-based) and its own change detection names them for the phases after it.
 */
export function rawStep(load: RawLoader): Step {
  return {
    name: "raw",
    phase: "phase_2_raw",
    triggerTopic: triggerTopic("raw"),
    completeTopic: completeTopic("raw"),
    processors: RAW_PROCESSORS,
    definitionHash: sha(RAW_PROCESSORS.join(",")),
    async run(ctx: StepContext): Promise<ProcessorResult[]> {
      const started = performance.now();
      const summary = await load(ctx.warehouse, ctx.datasetPrefix);
      const versions = await fileVersions(ctx.warehouse, ctx.datasetPrefix);
      const seconds = (performance.now() - started) / 1000;
      return RAW_PROCESSORS.map((table) => {
        const files = summary.files.filter((f) => f.table === table);
        const failed = files.filter((f) => f.status === "failed" || f.rowsRejected > 0);
        return {
          processor: table,
          outputTable: table,
          outputDataset: `${ctx.datasetPrefix}nba_raw`,
          status: failed.length > 0 ? "partial" : "success",
          recordCount: files.reduce((n, f) => n + f.rowsLoaded, 0),
          recordsFailed: files.reduce((n, f) => n + f.rowsRejected, 0),
          durationSeconds: seconds,
          changedRows: files.reduce((n, f) => n + f.rowsLoaded + f.rowsReplaced, 0),
          players: [],
          teams: [],
          incremental: false,
          outputVersion: versions.get(table) ?? "empty",
          error: failed.length > 0 ? failed.flatMap((f) => f.errors.slice(0, 3)).join("; ") : undefined,
          failures: failed.map((f) => ({
            entityType: "game" as const,
            entityId: f.sourceFile,
            gameDate: null,
            error: f.errors[0] ?? "rejected records",
          })),
        };
      });
    },
  };
}

async function fileVersions(warehouse: Warehouse, prefix: string): Promise<Map<string, string>> {
  const rows = await warehouse.queryGoogleSql<{ table_name: string; files: string }>(
    `SELECT table_name, STRING_AGG(CONCAT(source_file, '=', source_hash), ',' ORDER BY source_file) AS files
     FROM (SELECT table_name, source_file, source_hash, status,
                  ROW_NUMBER() OVER (PARTITION BY source_file ORDER BY loaded_at DESC) AS latest
           FROM ${warehouse.tablePath(rawSchemaName(prefix), "load_log")})
     WHERE latest = 1 AND status = 'loaded' GROUP BY table_name`,
    { labels: { action: "raw_file_versions" } },
  );
  return new Map(rows.map((r) => [r.table_name, sha(r.files)]));
}
