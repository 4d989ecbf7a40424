import { parseBigQueryType } from "../check/bigquery-types.ts";
import type { Column } from "../check/catalog.ts";
import type { Target } from "./graph.ts";
import type { Warehouse } from "./warehouse.ts";

/** BigQuery's type for a DuckDB column type, for declared tables read from the local warehouse. */
export function bigQueryTypeOf(duckdbType: string): string | undefined {
  const t = duckdbType.trim().toUpperCase();
  if (t.endsWith("[]")) {
    const inner = bigQueryTypeOf(t.slice(0, -2));
    return inner ? `ARRAY<${inner}>` : undefined;
  }
  if (/^(BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT)$/.test(t)) return "INT64";
  if (/^(DOUBLE|FLOAT|REAL)$/.test(t)) return "FLOAT64";
  if (t.startsWith("DECIMAL")) return "NUMERIC";
  if (t === "VARCHAR") return "STRING";
  if (t === "BOOLEAN") return "BOOL";
  if (t === "DATE") return "DATE";
  if (t === "TIMESTAMP WITH TIME ZONE") return "TIMESTAMP";
  if (t === "TIMESTAMP") return "DATETIME";
  if (t === "TIME") return "TIME";
  if (t === "BLOB") return "BYTES";
  if (t === "JSON") return "JSON";
  return undefined;
}

/**
 * The columns of every table already in the warehouse, so a declared source without typed columns (any Dataform
 * project's declarations) can still be analysed. Keyed by the dataset-prefixed schema and name.
 */
export async function warehouseColumns(
  warehouse: Warehouse,
  datasetPrefix: string,
): Promise<(target: Target) => Column[] | undefined> {
  const rows = await warehouse.query<{
    table_schema: string;
    table_name: string;
    column_name: string;
    data_type: string;
  }>(
    "SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns ORDER BY table_schema, table_name, ordinal_position",
  );
  const tables = new Map<string, Column[] | undefined>();
  for (const r of rows) {
    const key = `${r.table_schema}.${r.table_name}`.toLowerCase();
    const type = bigQueryTypeOf(r.data_type);
    const columns = tables.has(key) ? tables.get(key) : [];
    tables.set(key, columns && type ? [...columns, { name: r.column_name, type: parseBigQueryType(type) }] : undefined);
  }
  return (target) => tables.get(`${datasetPrefix}${target.schema}.${target.name}`.toLowerCase());
}
