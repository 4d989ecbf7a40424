import type { Action } from "./actions.ts";
import { toDuckDb } from "./to-duckdb.ts";
import type { TableRef } from "./dml.ts";

/** An action with every statement already translated to DuckDB, so a dialect error stops the run before it starts. */
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
    throw new Error(`action ${action.name} (${action.file}): ${what} must be exactly one statement, found ${statements.length}`);
  }
  return statements[0]!;
}

/** Translates a BigQuery boolean expression (e.g. an updatePartitionFilter on alias T) to DuckDB. */
function translateCondition(expr: string, action: Action, prefix: string): string {
  const statement = single(toDuckDb(`SELECT 1 FROM x AS T WHERE ${expr}`, { action: action.name, file: action.file }, prefix), "a condition", action);
  return statement.replace(/^SELECT 1 FROM x AS T WHERE /i, "");
}

/** Translates a BigQuery scalar expression (e.g. a partitionBy such as DATE(ts)) to DuckDB. */
function translateExpression(expr: string, action: Action, prefix: string): string {
  const statement = single(toDuckDb(`SELECT ${expr} FROM x`, { action: action.name, file: action.file }, prefix), "an expression", action);
  return statement.replace(/^SELECT /i, "").replace(/ FROM x$/i, "");
}

function partitionExpression(action: Action, prefix: string): string | undefined {
  const t = action.table!;
  if (t.incrementalStrategy !== "INSERT_OVERWRITE") return undefined;
  const partitionBy = t.bigquery?.partitionBy?.trim();
  if (!partitionBy) {
    throw new Error(`action ${action.name} (${action.file}): incrementalStrategy INSERT_OVERWRITE needs bigquery.partitionBy`);
  }
  return translateExpression(partitionBy, action, prefix);
}

export function planAction(action: Action, datasetPrefix: string): PlannedAction {
  const origin = { action: action.name, file: action.file };
  const tr = (sql: string) => toDuckDb(sql, origin, datasetPrefix);
  const many = (sqls: string[]) => sqls.flatMap(tr);
  const ref = { schema: `${datasetPrefix}${action.target.schema}`, name: action.target.name };
  const planned: PlannedAction = { action, ref, preOps: [], postOps: [] };
  const t = action.table;
  if (t) {
    planned.preOps = many(t.preOps);
    planned.query = single(tr(t.query), "the query", action);
    planned.postOps = many(t.postOps);
    if (action.type === "incremental") {
      // Dataform's MERGE: `... AND T.<updatePartitionFilter>`, plus each incremental predicate as written.
      const filter = t.bigquery?.updatePartitionFilter?.trim();
      const conditions = [filter ? `T.${filter}` : "", ...(t.bigquery?.incrementalPredicates ?? [])].filter(
        (c) => c.trim().length > 0,
      );
      planned.incremental = {
        preOps: many(t.incrementalPreOps),
        query: single(tr(t.incrementalQuery || t.query), "the incremental query", action),
        postOps: many(t.incrementalPostOps),
        matchConditions: conditions.map((c) => translateCondition(c, action, datasetPrefix)),
        partitionExpr: partitionExpression(action, datasetPrefix),
      };
    }
  } else if (action.operation) {
    planned.operations = many(action.operation.queries);
  } else if (action.assertion) {
    planned.query = single(tr(action.assertion.query), "the assertion query", action);
  }
  return planned;
}
