import { DuckDbWarehouse } from "../engine/duckdb-warehouse.ts";
import type { GraphRunner } from "../engine/graph-runner.ts";
import { LocalGraphRunner } from "../engine/local-graph-runner.ts";
import type { Warehouse } from "../engine/warehouse.ts";
import { BigQueryRawStore } from "../gcp/bigquery-raw-store.ts";
import { BigQueryWarehouse } from "../gcp/bigquery-warehouse.ts";
import { dataformClient } from "../gcp/dataform-client.ts";
import { DataformGraphRunner } from "../gcp/dataform-graph-runner.ts";
import type { Bus } from "../orchestration/bus.ts";
import type { CompletionStore } from "../orchestration/completion-store.ts";
import type { DeadLetters } from "../orchestration/dead-letters.ts";
import { localOrchestration } from "../orchestration/runtime.ts";
import type { RawArchive } from "../raw/archive.ts";
import { DuckDbRawStore } from "../raw/duckdb-raw-store.ts";
import type { RawStore } from "../raw/raw-store.ts";
import type { Config } from "./config.ts";
import type { Logger } from "./logger.ts";
import { createLogger } from "./logger.ts";

/**
 * The one runtime switch (DESIGN.md §3): NBA_PROPS_RUNTIME picks the adapters behind every port. Nothing else
 * asks which runtime it is on. The warehouse is opened on first use and closed by close().
 */
export interface Runtime {
  warehouse(): Promise<Warehouse>;
  graphRunner(): GraphRunner;
  close(): Promise<void>;
}

export function bigQueryWarehouse(config: Config): BigQueryWarehouse {
  return new BigQueryWarehouse({
    projectId: config.gcp.project,
    location: config.gcp.location,
    timeoutMs: config.queryTimeoutMs,
    apiEndpoint: config.gcp.bigQueryEndpoint,
    maxRetries: config.http.maxRetries,
    maxRetryDelaySeconds: Math.ceil(config.http.backoffCapMs / 1000),
  });
}

export function openRuntime(config: Config): Runtime {
  let opened: Promise<Warehouse> | undefined;
  const gcp = config.runtime === "gcp";
  const warehouse = () =>
    (opened ??= gcp
      ? Promise.resolve(bigQueryWarehouse(config))
      : DuckDbWarehouse.open(config.warehousePath, {
          maxConnections: config.concurrency.run + 1,
          timeoutMs: config.queryTimeoutMs,
        }));
  return {
    warehouse,
    graphRunner: () =>
      gcp
        ? new DataformGraphRunner(
            dataformClient(config.gcp.dataformEndpoint),
            warehouse as () => Promise<BigQueryWarehouse>,
            {
              project: config.gcp.project,
              region: config.gcp.region,
              repository: config.gcp.repository,
              releaseConfig: config.gcp.releaseConfig,
              gitCommitish: config.gcp.gitCommitish,
              serviceAccount: config.gcp.serviceAccount,
              timeoutMs: config.gcp.invocationTimeoutMs,
              historySchema: `${config.datasetPrefix}nba_processing`,
            },
            createLogger(config.logLevel, config.logFormat),
          )
        : new LocalGraphRunner(warehouse, config.historyDataset),
    close: async () => {
      if (opened) await (await opened).close();
    },
  };
}

/** The configured runtime's warehouse alone (import, load, scrape). */
export function openWarehouse(config: Config): Promise<Warehouse> {
  return openRuntime(config).warehouse();
}

/** The raw layer's store on a warehouse the switch opened: BigQuery SQL on BigQuery, DuckDB SQL on DuckDB. */
export function openRawStore(warehouse: Warehouse, datasetPrefix: string): RawStore {
  return warehouse instanceof BigQueryWarehouse
    ? new BigQueryRawStore(warehouse, datasetPrefix)
    : new DuckDbRawStore(warehouse, datasetPrefix);
}

/** The orchestration's Bus and CompletionStore: the warehouse's outbox and tables locally, Pub/Sub and Firestore on gcp. */
export async function openBusAndStore(
  config: Config,
  warehouse: Warehouse,
  deadLetters: DeadLetters,
  logger: Logger,
): Promise<{ bus: Bus; store: CompletionStore }> {
  if (config.runtime === "local") return localOrchestration(warehouse, config.datasetPrefix, deadLetters, logger);
  const { gcpOrchestration } = await import("../orchestration/gcp-ports.ts");
  return gcpOrchestration(config, deadLetters, logger);
}

/** The raw archive: a directory tree locally, the raw bucket on gcp (the GCS client is only loaded there). */
export async function createRawArchive(config: Config): Promise<RawArchive> {
  if (config.runtime === "gcp") {
    const { GcsRawArchive } = await import("../raw/gcs-archive.ts");
    return GcsRawArchive.forBucket(config.gcp.rawBucket, config.gcp.project);
  }
  const { LocalRawArchive } = await import("../raw/local-archive.ts");
  return new LocalRawArchive(config.rawArchiveDir);
}
