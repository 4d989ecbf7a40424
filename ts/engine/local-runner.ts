import { randomUUID } from "node:crypto";
import { validDatasetPrefix } from "../config/dataset-prefix.ts";
import { type Action, buildActions, refuseUnsupportedActions } from "./actions.ts";
import { DUCKDB_PRELUDE } from "./dialect/prelude.ts";
import { createSchema } from "./dml.ts";
import { AssertionFailure, executeAction } from "./execute-action.ts";
import type { CompiledGraph } from "./graph.ts";
import { prepareLocalSql } from "./local-sql.ts";
import type { ActionOutcome, ActionStatus, RunSummary } from "./outcome.ts";
import { type PlannedAction, planAction } from "./plan.ts";
import { RunHistory } from "./run-history.ts";
import { type Selection, selectActions } from "./selection.ts";
import type { Warehouse } from "./warehouse.ts";
import { warehouseColumns } from "./warehouse-columns.ts";

export interface RunOptions extends Selection {
  datasetPrefix?: string;
  fullRefresh?: boolean;
  /** Independent actions run side by side up to this many (default 2). */
  concurrency?: number;
  /** Schema (before the prefix) of the run_history table; null to keep no history. */
  historySchema?: string | null;
  /** The flow's correlation id, recorded on every run_history row of this run. */
  correlationId?: string;
  /** Only these action types run (e.g. ["assertion"] for `nba-props assert`); others are treated as done. */
  onlyTypes?: Action["type"][];
  /** Called once, before anything runs, with the number of actions the run will report. */
  onPlanned?: (actions: number) => void;
  onActionStart?: (action: Action) => void;
  onActionEnd?: (outcome: ActionOutcome) => void;
  /** The project directory, so refusals can name the line of the .sqlx file. */
  projectDir?: string;
}

/**
 * What would run, with its final DuckDB SQL: the selection, analysed by BigQuery's front end and checked against
 * the supported signatures (LocalEngineRefusal names every offender). Declared tables without typed columns take
 * their columns from the warehouse when one is given. Nothing is written.
 */
export function planRun(
  graph: CompiledGraph,
  options: RunOptions = {},
  warehouse?: Warehouse,
): Promise<PlannedAction[]> {
  // Validated synchronously: a hostile prefix is refused before anything else happens.
  return planSelection(graph, options, validDatasetPrefix(options.datasetPrefix ?? ""), warehouse);
}

/** The actions a run of this selection would report, as compiled (BigQuery SQL): synchronous, nothing analysed. */
export function selectRun(graph: CompiledGraph, options: RunOptions = {}): Action[] {
  const actions = buildActions(graph);
  const selected = selectActions(actions, options);
  return actions.filter(
    (a) =>
      selected.has(a.name) && (!options.onlyTypes || options.onlyTypes.includes(a.type) || a.type === "declaration"),
  );
}

async function planSelection(
  graph: CompiledGraph,
  options: RunOptions,
  prefix: string,
  warehouse?: Warehouse,
): Promise<PlannedAction[]> {
  refuseUnsupportedActions(graph);
  const actions = buildActions(graph);
  const chosen = selectRun(graph, options);
  const columns = warehouse ? await warehouseColumns(warehouse, prefix, graph) : undefined;
  const sql = await prepareLocalSql(graph, actions, {
    selected: new Set(chosen.map((a) => a.name)),
    datasetPrefix: prefix,
    ...(options.projectDir ? { projectDir: options.projectDir } : {}),
    ...(columns ? { declarationColumns: columns } : {}),
  });
  return chosen.map((a) => planAction(a, prefix, sql));
}

function outcome(a: Action, status: ActionStatus, startedAt: Date, extra: Partial<ActionOutcome> = {}): ActionOutcome {
  return {
    name: a.name,
    type: a.type,
    file: a.file,
    status,
    rowsAffected: null,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    ...extra,
  };
}

/**
 * Runs the selected part of a compiled graph on the local warehouse with Dataform's semantics. Every statement is
 * translated before anything runs; each action runs in its own transaction; an action whose dependency failed or
 * was skipped is skipped; independent actions run concurrently.
 */
export async function runGraph(
  warehouse: Warehouse,
  graph: CompiledGraph,
  options: RunOptions = {},
): Promise<RunSummary> {
  const runId = randomUUID();
  const started = new Date();
  const prefix = options.datasetPrefix ?? "";
  const plans = await planRun(graph, options, warehouse);
  options.onPlanned?.(plans.length);
  const history =
    options.historySchema === null
      ? null
      : new RunHistory(
          warehouse,
          `${prefix}${options.historySchema ?? "nba_processing"}`,
          runId,
          options.correlationId,
        );

  for (const statement of DUCKDB_PRELUDE) await warehouse.execute(statement);
  await history?.prepare();
  for (const schema of new Set(plans.filter((p) => p.action.type !== "declaration").map((p) => p.ref.schema))) {
    await warehouse.execute(createSchema(schema));
  }

  const planned = new Map(plans.map((p) => [p.action.name, p]));
  const outcomes = new Map<string, ActionOutcome>();
  const pending = new Set(planned.keys());
  const running = new Map<string, Promise<void>>();
  const limit = Math.max(1, options.concurrency ?? 2);
  let stageCounter = 0;

  const finish = async (o: ActionOutcome) => {
    outcomes.set(o.name, o);
    options.onActionEnd?.(o);
    await history?.record(o);
    const checked = planned.get(o.name)?.action;
    if (checked?.type === "assertion" && o.status !== "disabled")
      await history?.recordAssertion(o, checked.dependencies);
  };

  const start = (p: PlannedAction) => {
    const a = p.action;
    pending.delete(a.name);
    const startedAt = new Date();
    options.onActionStart?.(a);
    const task = (async () => {
      if (a.disabled) return finish(outcome(a, "disabled", startedAt));
      try {
        const stageName = `nbap_stage_${++stageCounter}`;
        const rows = await warehouse.transaction((s) =>
          executeAction(s, p, { fullRefresh: Boolean(options.fullRefresh), stageName }),
        );
        const assertion = a.type === "assertion" ? { failingRows: 0, sample: [] } : undefined;
        await finish(outcome(a, "succeeded", startedAt, { rowsAffected: rows, assertion }));
      } catch (error) {
        const assertion =
          error instanceof AssertionFailure ? { failingRows: error.failingRows, sample: error.sample } : undefined;
        await finish(outcome(a, "failed", startedAt, { error: (error as Error).message, assertion }));
      }
    })().finally(() => running.delete(a.name));
    running.set(a.name, task);
  };

  while (pending.size > 0 || running.size > 0) {
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const name of [...pending]) {
        const p = planned.get(name)!;
        const deps = p.action.dependencies.filter((d) => planned.has(d));
        const blocked = deps.find((d) => ["failed", "skipped"].includes(outcomes.get(d)?.status ?? ""));
        if (blocked) {
          pending.delete(name);
          await finish(
            outcome(p.action, "skipped", new Date(), {
              error: `dependency ${blocked} ${outcomes.get(blocked)!.status}`,
            }),
          );
          progressed = true;
        } else if (running.size < limit && deps.every((d) => outcomes.has(d))) {
          start(p);
          progressed = true;
        }
      }
    }
    if (running.size > 0) await Promise.race(running.values());
    else if (pending.size > 0) throw new Error(`dependency cycle among: ${[...pending].join(", ")}`);
  }

  const ordered = plans.map((p) => outcomes.get(p.action.name)!);
  return {
    runId,
    startedAt: started.toISOString(),
    durationMs: Date.now() - started.getTime(),
    outcomes: ordered,
    ok: ordered.every((o) => o.status === "succeeded" || o.status === "disabled"),
  };
}
