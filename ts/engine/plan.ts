import type { Action } from "./actions.ts";
import type { TableRef } from "./dml.ts";
import type { LocalSql } from "./local-sql.ts";

/** An action with every statement already in its DuckDB form, so nothing is refused once the run has started. */
export interface PlannedAction {
  action: Action;
  ref: TableRef;
  preOps: string[];
  query?: string;
  postOps: string[];
  incremental?: {
    preOps: string[];
    query: string;
    postOps: string[];
    matchConditions: string[];
    /** INSERT_OVERWRITE only: the partition expression (DuckDB) whose partitions the new rows replace. */
    partitionExpr?: string;
  };
  operations?: string[];
}

function single(statements: string[], what: string, action: Action): string {
  if (statements.length !== 1) {
    throw new Error(
      `action ${action.name} (${action.file}): ${what} must be exactly one statement, found ${statements.length}`,
    );
  }
  return statements[0]!;
}

const list = (sql: LocalSql, a: Action, name: string, n: number) =>
  Array.from({ length: n }, (_, i) => sql.get(a, `${name}[${i}]`)).flat();

/** The action's statements in DuckDB form, from the gate's translation (ts/engine/local-sql.ts). */
export function planAction(action: Action, datasetPrefix: string, sql: LocalSql): PlannedAction {
  const ref = { schema: `${datasetPrefix}${action.target.schema}`, name: action.target.name };
  const planned: PlannedAction = { action, ref, preOps: [], postOps: [] };
  if (action.disabled || action.type === "declaration") return planned;
  const t = action.table;
  if (t) {
    planned.preOps = list(sql, action, "preOps", t.preOps.length);
    planned.query = single(sql.get(action, "query"), "the query", action);
    planned.postOps = list(sql, action, "postOps", t.postOps.length);
    if (action.type === "incremental") {
      const conditions = [t.bigquery?.updatePartitionFilter ?? "", ...(t.bigquery?.incrementalPredicates ?? [])];
      if (t.incrementalStrategy === "INSERT_OVERWRITE" && !t.bigquery?.partitionBy?.trim()) {
        throw new Error(
          `action ${action.name} (${action.file}): incrementalStrategy INSERT_OVERWRITE needs bigquery.partitionBy`,
        );
      }
      planned.incremental = {
        preOps: list(sql, action, "incrementalPreOps", t.incrementalPreOps.length),
        query: single(sql.get(action, "incrementalQuery"), "the incremental query", action),
        postOps: list(sql, action, "incrementalPostOps", t.incrementalPostOps.length),
        matchConditions: conditions.flatMap((c, i) => (c.trim() ? sql.get(action, `matchConditions[${i}]`) : [])),
        partitionExpr:
          t.incrementalStrategy === "INSERT_OVERWRITE"
            ? single(sql.get(action, "partitionExpr"), "the partition expression", action)
            : undefined,
      };
    }
  } else if (action.operation) {
    planned.operations = list(sql, action, "queries", action.operation.queries.length);
  } else if (action.assertion) {
    planned.query = single(sql.get(action, "query"), "the assertion query", action);
  }
  return planned;
}
