import type { Action } from "./actions.ts";

/** The Dataform CLI's selection flags. */
export interface Selection {
  actions?: string[];
  tags?: string[];
  includeDeps?: boolean;
  includeDependents?: boolean;
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`, "i");
}

/** A pattern matches an action by its bare name, `schema.name` or `database.schema.name`. */
function matches(action: Action, pattern: RegExp): boolean {
  const t = action.target;
  return [t.name, `${t.schema}.${t.name}`, `${t.database}.${t.schema}.${t.name}`].some((n) => pattern.test(n));
}

function closure(start: Set<string>, next: (name: string) => string[]): Set<string> {
  const seen = new Set(start);
  const stack = [...start];
  while (stack.length > 0) {
    for (const n of next(stack.pop()!)) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return seen;
}

/**
 * The names of the actions to run, in the CLI's semantics: with neither --actions nor --tags, everything;
 * otherwise the actions matching any pattern or carrying any tag, then their transitive dependencies and/or
 * dependents when asked. Declarations are never "run" but stay in the graph as dependencies.
 */
export function selectActions(all: Action[], selection: Selection): Set<string> {
  const byName = new Map(all.map((a) => [a.name, a]));
  const patterns = (selection.actions ?? []).map(globToRegExp);
  const tags = new Set(selection.tags ?? []);
  const everything = patterns.length === 0 && tags.size === 0;
  let selected = new Set(
    all
      .filter((a) => everything || patterns.some((p) => matches(a, p)) || a.tags.some((t) => tags.has(t)))
      .map((a) => a.name),
  );
  if (!everything && selected.size === 0) {
    const wanted = [...(selection.actions ?? []), ...[...tags].map((t) => `tag:${t}`)].join(", ");
    throw new Error(`no action matches the selection (${wanted})`);
  }
  if (selection.includeDeps) {
    selected = closure(selected, (n) => byName.get(n)?.dependencies ?? []);
  }
  if (selection.includeDependents) {
    const dependents = new Map<string, string[]>();
    for (const a of all) for (const d of a.dependencies) dependents.set(d, [...(dependents.get(d) ?? []), a.name]);
    selected = closure(selected, (n) => dependents.get(n) ?? []);
  }
  return selected;
}
