import { type ActionType, tableActionType } from "./action-type.ts";
import { declarationCreators } from "./declaration-creators.ts";
import type {
  CompiledAssertion,
  CompiledDeclaration,
  CompiledGraph,
  CompiledOperation,
  CompiledTable,
  Target,
} from "./graph.ts";
import { targetKey } from "./graph.ts";

export type { ActionType };

/** One node of the graph as the runner sees it. `name` is `schema.name` (the database is dropped locally). */
export interface Action {
  name: string;
  type: ActionType;
  target: Target;
  file: string;
  tags: string[];
  dependencies: string[];
  disabled: boolean;
  table?: CompiledTable;
  operation?: CompiledOperation;
  assertion?: CompiledAssertion;
  declaration?: CompiledDeclaration;
}

export class UnsupportedActionError extends Error {
  override name = "UnsupportedActionError";
}

export const actionName = (t: Target): string => `${t.schema}.${t.name}`;

function tableType(t: CompiledTable): ActionType {
  const type = tableActionType(t);
  if (!type)
    throw new UnsupportedActionError(`${actionName(t.target)} (${t.fileName}): unknown table type ${t.enumType}`);
  return type;
}

function refuseJit(name: string, file: string, jitCode: string | undefined): void {
  if (jitCode) {
    throw new UnsupportedActionError(
      `${name} (${file}): JiT-compiled actions are not supported by the local runner; write the SQL ahead of time`,
    );
  }
}

/** Notebooks and data preparations: compiled and listed, but with no local meaning. */
export function unsupportedActions(
  graph: CompiledGraph,
): { kind: "notebook" | "data preparation"; name: string; file: string; disabled: boolean }[] {
  return [
    ...graph.notebooks.map((n) => ({
      kind: "notebook" as const,
      name: actionName(n.target),
      file: n.fileName,
      disabled: Boolean(n.disabled),
    })),
    ...graph.dataPreparations.map((n) => ({
      kind: "data preparation" as const,
      name: actionName(n.target),
      file: n.fileName,
      disabled: Boolean(n.disabled),
    })),
  ];
}

/** A run refuses an enabled notebook or data preparation up front, naming its file; never skipped silently. */
export function refuseUnsupportedActions(graph: CompiledGraph): void {
  const enabled = unsupportedActions(graph).filter((u) => !u.disabled);
  if (enabled.length > 0) {
    const list = enabled.map((u) => `${u.kind} ${u.name} (${u.file})`).join(", ");
    throw new UnsupportedActionError(`not supported by the local runner: ${list}; disable them for local runs`);
  }
}

/** Flattens the compiled graph into the actions the local runner knows (see unsupportedActions for the rest). */
export function buildActions(graph: CompiledGraph): Action[] {
  const deps = (targets: Target[]) => targets.map(actionName);
  const actions: Action[] = [];
  for (const t of graph.tables) {
    refuseJit(actionName(t.target), t.fileName, t.jitCode);
    actions.push({
      name: actionName(t.target),
      type: tableType(t),
      target: t.target,
      file: t.fileName,
      tags: t.tags,
      dependencies: deps(t.dependencyTargets),
      disabled: t.disabled,
      table: t,
    });
  }
  for (const o of graph.operations) {
    refuseJit(actionName(o.target), o.fileName, o.jitCode);
    actions.push({
      name: actionName(o.target),
      type: "operations",
      target: o.target,
      file: o.fileName,
      tags: o.tags,
      dependencies: deps(o.dependencyTargets),
      disabled: o.disabled,
      operation: o,
    });
  }
  for (const a of graph.assertions) {
    refuseJit(actionName(a.target), a.fileName, a.jitCode);
    actions.push({
      name: actionName(a.target),
      type: "assertion",
      target: a.target,
      file: a.fileName,
      tags: a.tags,
      dependencies: deps(a.dependencyTargets),
      disabled: a.disabled,
      assertion: a,
    });
  }
  const creators = declarationCreators(graph);
  for (const d of graph.declarations) {
    actions.push({
      name: actionName(d.target),
      type: "declaration",
      target: d.target,
      file: d.fileName,
      tags: d.tags,
      // its existence is checked after the actions of this graph that create it (ts/engine/declaration-creators.ts)
      dependencies: deps(creators.get(targetKey(d.target)) ?? []),
      disabled: false,
      declaration: d,
    });
  }
  return actions;
}
