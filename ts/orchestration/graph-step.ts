import type { Action } from "../engine/actions.ts";
import { buildActions } from "../engine/actions.ts";
import type { CompiledGraph } from "../engine/graph.ts";
import type { GraphRunOptions } from "../engine/graph-runner.ts";
import { selectRun } from "../engine/local-runner.ts";
import type { ActionOutcome, RunSummary } from "../engine/outcome.ts";
import type { Warehouse } from "../engine/warehouse.ts";
import { ChangeDetector, type ModelShape, sha } from "./change-detection.ts";
import { EntityScopeTable } from "./entity-scope.ts";
import type { Phase } from "./envelope.ts";
import type { EntityFailure, ProcessorResult, Step, StepContext } from "./step.ts";
import { completeTopic, triggerTopic } from "./topics.ts";

export interface GraphStepSpec {
  name: string;
  phase: Phase;
  /** The Dataform tag whose actions make the step (phase3, phase4, grading). */
  tag: string;
}

/** The flow's graph for a window, the same graph compiled with a scope id (a scoped run), and how to run one. */
export interface GraphSource {
  graph: CompiledGraph;
  correlationId: string;
  compileScoped(scopeId: string): Promise<CompiledGraph>;
  run(warehouse: Warehouse, graph: CompiledGraph, options: GraphRunOptions): Promise<RunSummary>;
}

const ENTITY_COLUMNS: Record<string, EntityFailure["entityType"]> = {
  player_lookup: "player",
  team_abbr: "team",
  game_id: "game",
};

/**
 * A step that runs the actions of one tag as one graph run (set-based over the window). Its processors are the
 * tag's incremental models (else its tables). Absent (null) when no action carries the tag yet, so a phase that
 * has not landed is simply not part of the flow.
 */
export function graphStep(spec: GraphStepSpec, source: GraphSource, datasetPrefix: string): Step | null {
  const actions = buildActions(source.graph);
  const tagged = actions.filter((a) => a.tags.includes(spec.tag) && !a.disabled);
  const incremental = tagged.filter((a) => a.type === "incremental");
  const models = incremental.length > 0 ? incremental : tagged.filter((a) => a.type === "table");
  if (models.length === 0) return null;
  const selected = selectRun(source.graph, { tags: [spec.tag], datasetPrefix });
  const definition = selected.map((a) => JSON.stringify([a.name, a.table ?? a.operation ?? a.assertion ?? null]));
  const definitionHash = sha(definition.join("\n").replaceAll(source.correlationId, "<correlation_id>"));

  return {
    name: spec.name,
    phase: spec.phase,
    triggerTopic: triggerTopic(spec.name),
    completeTopic: completeTopic(spec.name),
    processors: models.map((a) => a.target.name),
    definitionHash,
    async run(ctx: StepContext): Promise<ProcessorResult[]> {
      const scopeTable = new EntityScopeTable(ctx.warehouse, ctx.datasetPrefix);
      let graph = source.graph;
      if (ctx.scope) {
        await scopeTable.write(ctx.runId, ctx.scope);
        graph = await source.compileScoped(ctx.runId);
      }
      let summary: RunSummary;
      try {
        summary = await source.run(ctx.warehouse, graph, {
          tags: [spec.tag],
          datasetPrefix: ctx.datasetPrefix,
          fullRefresh: ctx.fullRefresh,
          concurrency: ctx.concurrency,
          correlationId: ctx.correlationId,
        });
      } finally {
        if (ctx.scope) await scopeTable.clear(ctx.runId);
      }
      const outcomes = new Map(summary.outcomes.map((o) => [o.name, o]));
      const detector = new ChangeDetector(ctx.warehouse, ctx.datasetPrefix);
      const results: ProcessorResult[] = [];
      for (const model of models) {
        results.push(await processorResult(model, outcomes, actions, detector, ctx));
      }
      return results;
    },
  };
}

async function processorResult(
  model: Action,
  outcomes: Map<string, ActionOutcome>,
  actions: Action[],
  detector: ChangeDetector,
  ctx: StepContext,
): Promise<ProcessorResult> {
  const outcome = outcomes.get(model.name);
  const shape: ModelShape = {
    name: model.target.name,
    ref: { schema: `${ctx.datasetPrefix}${model.target.schema}`, name: model.target.name },
    uniqueKey: model.table?.uniqueKey ?? [],
    columns: new Set((model.table?.actionDescriptor?.columns ?? []).map((c) => c.path.join("."))),
  };
  const base = {
    processor: shape.name,
    outputTable: shape.name,
    outputDataset: shape.ref.schema,
    recordCount: outcome?.rowsAffected ?? 0,
    durationSeconds: (outcome?.durationMs ?? 0) / 1000,
  };
  if (!outcome || outcome.status !== "succeeded") {
    const error = outcome?.error ?? "not run";
    return {
      ...base,
      status: "failed",
      recordsFailed: 0,
      changedRows: 0,
      players: [],
      teams: [],
      incremental: false,
      outputVersion: await detector.currentVersion(shape.name),
      error,
      failures: [{ entityType: "game", entityId: "*", gameDate: null, error }],
    };
  }
  const failedChecks = actions
    .filter((a) => a.type === "assertion" && a.dependencies.includes(model.name))
    .map((a) => outcomes.get(a.name))
    .filter((o): o is ActionOutcome => o !== undefined && o.status === "failed");
  const failures = failedChecks.flatMap((o) => entityFailures(o));
  const changes = await detector.detect(shape, ctx.window);
  return {
    ...base,
    status: failedChecks.length > 0 ? "partial" : "success",
    recordsFailed: failedChecks.reduce((n, o) => n + (o.assertion?.failingRows ?? 0), 0),
    changedRows: changes.rows,
    players: changes.players,
    teams: changes.teams,
    incremental: changes.incremental,
    outputVersion: changes.outputVersion,
    error: failedChecks.length > 0 ? failedChecks.map((o) => `${o.name}: ${o.error}`).join("; ") : undefined,
    failures,
    commit: () => detector.commit(shape, ctx.window, changes.outputVersion),
  };
}

/** One failure per entity named in a failed assertion's sample rows (player, else team, else game). */
function entityFailures(o: ActionOutcome): EntityFailure[] {
  const sample = o.assertion?.sample ?? [];
  const failures: EntityFailure[] = [];
  for (const row of sample) {
    const column = Object.keys(ENTITY_COLUMNS).find((c) => row[c] !== undefined && row[c] !== null);
    const gameDate = typeof row.game_date === "string" ? row.game_date.slice(0, 10) : null;
    failures.push({
      entityType: column ? ENTITY_COLUMNS[column]! : "game",
      entityId: column ? String(row[column]) : "*",
      gameDate,
      error: `${o.name}: ${o.error ?? "assertion failed"}`,
    });
  }
  return failures.length > 0
    ? failures
    : [{ entityType: "game", entityId: "*", gameDate: null, error: `${o.name}: ${o.error ?? "failed"}` }];
}
