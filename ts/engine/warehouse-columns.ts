import { parseBigQueryType } from "../check/bigquery-types.ts";
import type { Column } from "../check/catalog.ts";
import type { CompiledGraph, Target } from "./graph.ts";
import type { Warehouse } from "./warehouse.ts";

/**
 * The columns of the tables already in the warehouse under the graph's schemas, so a declared source without typed
 * columns (any Dataform project's declarations) or a disabled action's table can still be analysed. Read through
 * the Warehouse port (one read of each schema's columns), keyed by the dataset-prefixed schema and name; a table with
 * a column of no BigQuery type is not offered.
 */
export async function warehouseColumns(
  warehouse: Warehouse,
  datasetPrefix: string,
  graph: CompiledGraph,
): Promise<(target: Target) => Column[] | undefined> {
  const key = (schema: string, name: string) => `${schema}.${name}`.toLowerCase();
  const schemas = new Set(graphTargets(graph).map((t) => `${datasetPrefix}${t.schema}`.toLowerCase()));
  const tables = new Map<string, Column[] | undefined>();
  for (const schema of schemas) {
    for (const [name, columns] of await warehouse.datasetColumns(schema)) {
      tables.set(
        key(schema, name),
        columns.every((c) => c.type !== undefined)
          ? columns.map((c) => ({ name: c.name, type: parseBigQueryType(c.type!) }))
          : undefined,
      );
    }
  }
  return (target) => tables.get(key(`${datasetPrefix}${target.schema}`, target.name));
}

function graphTargets(graph: CompiledGraph): Target[] {
  return [...graph.declarations, ...graph.tables, ...graph.operations, ...graph.assertions].map((a) => a.target);
}
