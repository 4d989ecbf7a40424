import type { ResolvedStatement } from "./analyzer-client.ts";
import type { TypeProto } from "./bigquery-types.ts";
import type { Column } from "./catalog.ts";

/** What the check reads from a resolved statement: its output columns, and the table it creates, if any. */
export interface StatementOutput {
  columns?: Column[];
  created?: { name: string; temp: boolean; columns: Column[] };
}

type Obj = Record<string, unknown>;

/** The shallowest value under `key` (breadth first), not descending into query trees. */
function shallowest(root: unknown, key: string): unknown {
  let level: unknown[] = [root];
  for (let depth = 0; depth < 8 && level.length > 0; depth++) {
    const next: unknown[] = [];
    for (const node of level) {
      if (!node || typeof node !== "object" || Array.isArray(node)) continue;
      const o = node as Obj;
      if (key in o) return o[key];
      for (const [k, v] of Object.entries(o))
        if (k !== "query" && v && typeof v === "object" && !Array.isArray(v)) next.push(v);
    }
    level = next;
  }
  return undefined;
}

function columnsFrom(list: unknown, kind: "output" | "definition"): Column[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return list.map((c: Obj) => ({
    name: String(c.name),
    type: (kind === "output" ? (c.column as Obj | undefined)?.type : c.type) as TypeProto,
  }));
}

export function statementOutput(statement: ResolvedStatement): StatementOutput {
  if (statement.kind === "resolvedQueryStmtNode") {
    return { columns: columnsFrom(statement.node.outputColumnList, "output") };
  }
  if (statement.kind === "resolvedCreateStatementNode") {
    const namePath = shallowest(statement.node, "namePath") as string[] | undefined;
    const scope = shallowest(statement.node, "createScope") as string | undefined;
    const columns =
      columnsFrom(shallowest(statement.node, "columnDefinitionList"), "definition") ??
      columnsFrom(shallowest(statement.node, "outputColumnList"), "output");
    if (namePath && columns && columns.length > 0) {
      return { columns, created: { name: namePath.join("."), temp: scope === "CREATE_TEMP", columns } };
    }
  }
  return {};
}
