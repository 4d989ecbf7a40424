import type { Config } from "../config/config.ts";
import type { Logger } from "../config/logger.ts";
import { openBusAndStore } from "../config/runtime.ts";
import { DuckDbWarehouse } from "../engine/duckdb-warehouse.ts";
import type { Warehouse } from "../engine/warehouse.ts";
import { AlertManager, type AlertSink, LogAlertSink } from "./alerts.ts";
import type { Bus } from "./bus.ts";
import type { CompletionStore } from "./completion-store.ts";
import { DeadLetters } from "./dead-letters.ts";
import { LocalBus } from "./local-bus.ts";
import { LocalCompletionStore } from "./local-completion-store.ts";
import { ensureOrchestrationTables } from "./orchestration-tables.ts";
import { ensureWarehouseTables } from "./warehouse-tables.ts";

export interface OrchestrationPorts {
  bus: Bus;
  store: CompletionStore;
  deadLetters: DeadLetters;
  alerts: AlertManager;
}

/**
 * The flow's ports. The Bus and CompletionStore come from the one runtime switch (ts/config/runtime.ts,
 * NBA_PROPS_RUNTIME): local = DuckDB outbox + DuckDB transactions in the warehouse file; gcp = Pub/Sub + Firestore.
 */
export async function openOrchestration(
  config: Config,
  warehouse: Warehouse,
  logger: Logger,
  options: { backfillMode?: boolean; sink?: AlertSink } = {},
): Promise<OrchestrationPorts> {
  const prefix = config.datasetPrefix;
  await ensureWarehouseTables(warehouse, prefix);
  const deadLetters = new DeadLetters(warehouse, prefix);
  const alerts = new AlertManager(options.sink ?? new LogAlertSink(logger), {
    ...config.orchestration.alerts,
    backfillMode: Boolean(options.backfillMode),
  });
  return { ...(await openBusAndStore(config, warehouse, deadLetters, logger)), deadLetters, alerts };
}

/** The local Bus and CompletionStore: the outbox and completion tables in the warehouse file. */
export async function localOrchestration(
  warehouse: Warehouse,
  prefix: string,
  deadLetters: DeadLetters,
  logger: Logger,
): Promise<{ bus: Bus; store: CompletionStore }> {
  if (!(warehouse instanceof DuckDbWarehouse))
    throw new Error("the local Bus and CompletionStore live in the DuckDB file");
  await ensureOrchestrationTables(warehouse, prefix);
  return {
    bus: new LocalBus(warehouse, prefix, deadLetters, logger),
    store: new LocalCompletionStore(warehouse, prefix),
  };
}

/** The monitor's timeout of a transition `<upstream>_to_<downstream>` (PHASE2/3/4_TIMEOUT_HOURS as in the reference). */
export function transitionTimeoutMs(config: Config): (transition: string) => number {
  const t = config.orchestration.timeoutHours;
  return (transition) => {
    const upstream = transition.split("_to_")[0];
    const hours =
      upstream === "raw" ? t.raw : upstream === "phase3" ? t.phase3 : upstream === "phase4" ? t.phase4 : t.other;
    return hours * 3_600_000;
  };
}
