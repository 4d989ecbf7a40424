import { splitScript } from "../check/script.ts";
import type { Token } from "../check/sql-tokens.ts";
import type { CompiledGraph, Target } from "./graph.ts";
import { targetKey } from "./graph.ts";

/**
 * Declarations whose table an action of the same graph creates with a statement of its own (an operation's
 * `CREATE TABLE raw.events AS …`, a pre-operation's `CREATE OR REPLACE VIEW …`). Dataform never runs a declaration,
 * but the local engine checks that the declared table exists, and the check needs its columns: both must wait for
 * the action that creates it, whatever the concurrency. Tables are matched on dataset and name (the local warehouse
 * has no databases); a temp table creates nothing outside its action.
 */

const CREATE_HEAD = /^CREATE(\s+OR\s+REPLACE)?(\s+MATERIALIZED|\s+EXTERNAL|\s+SNAPSHOT)?\s+(TABLE|VIEW)$/i;

/** `dataset.name` (lowercase) of the table or view each statement of `sql` creates, qualified names only. */
export function createdTables(sql: string): string[] {
  let statements: ReturnType<typeof splitScript>;
  try {
    statements = splitScript(sql);
  } catch {
    return []; // unsplittable SQL is reported by the analysis
  }
  const created: string[] = [];
  for (const st of statements) {
    const t = st.tokens;
    let i = 0;
    const words: string[] = [];
    while (i < t.length && t[i]!.kind === "word" && !/^(TEMP|TEMPORARY)$/i.test(t[i]!.text) && words.length < 5) {
      words.push(t[i]!.text);
      if (/^(TABLE|VIEW)$/i.test(t[i]!.text)) break;
      i++;
    }
    if (!CREATE_HEAD.test(words.join(" "))) continue;
    i++;
    if (/^IF$/i.test(t[i]?.text ?? "") && /^NOT$/i.test(t[i + 1]?.text ?? "")) i += 3; // IF NOT EXISTS
    const parts = qualifiedName(t, i).split(".");
    if (parts.length >= 2) created.push(parts.slice(-2).join(".").toLowerCase());
  }
  return created;
}

/** The dotted name starting at token i: adjacent words, backticked parts, dots and dashes (`my-proj.ds.t`). */
function qualifiedName(tokens: Token[], i: number): string {
  let name = "";
  for (let j = i; j < tokens.length; j++) {
    const tok = tokens[j]!;
    if (j > i && tok.start !== tokens[j - 1]!.end) break;
    if (tok.kind === "quoted") name += tok.text.slice(1, -1);
    else if (tok.kind === "word" || tok.kind === "number" || tok.text === "." || tok.text === "-") name += tok.text;
    else break;
  }
  return name;
}

/** Every statement an action runs besides its main query (the places a table can be created). */
function statementsOf(graph: CompiledGraph): { target: Target; dependencies: Target[]; sql: string[] }[] {
  return [
    ...graph.operations.map((o) => ({ target: o.target, dependencies: o.dependencyTargets, sql: o.queries })),
    ...graph.tables.map((t) => ({
      target: t.target,
      dependencies: t.dependencyTargets,
      sql: [...t.preOps, ...t.postOps, ...t.incrementalPreOps, ...t.incrementalPostOps],
    })),
  ];
}

/**
 * For each declaration (by targetKey) the actions that create its table. An action that itself depends on the
 * declaration (it refs the table it creates) is left out: ordering the declaration after it would be a cycle.
 */
export function declarationCreators(graph: CompiledGraph): Map<string, Target[]> {
  const creatorsOf = new Map<string, { target: Target; dependencies: Target[] }[]>();
  for (const action of statementsOf(graph)) {
    for (const table of new Set(action.sql.flatMap(createdTables))) {
      creatorsOf.set(table, [...(creatorsOf.get(table) ?? []), action]);
    }
  }
  const result = new Map<string, Target[]>();
  for (const d of graph.declarations) {
    const key = targetKey(d.target);
    const creators = (creatorsOf.get(`${d.target.schema}.${d.target.name}`.toLowerCase()) ?? []).filter(
      (c) => !c.dependencies.some((dep) => targetKey(dep) === key),
    );
    if (creators.length > 0)
      result.set(
        key,
        creators.map((c) => c.target),
      );
  }
  return result;
}
