import type { ColumnSpec, TableColumn, TableSpec } from "./warehouse.ts";

/** The DDL one adapter speaks; the order of the steps is the same on every engine (ensureTables). */
export interface TableDdl {
  /** Every table of a schema and its columns, in order; empty when the schema does not exist. */
  datasetColumns(schema: string): Promise<Map<string, TableColumn[]>>;
  createSchema(schema: string): Promise<void>;
  createTable(spec: TableSpec): Promise<void>;
  addColumns(spec: TableSpec, missing: ColumnSpec[]): Promise<void>;
}

/**
 * Ensures tables with one read of each schema's columns when they all exist (BigQuery: one metadata job per
 * dataset, not three jobs per table): only a missing schema or table is created, and a table made before a column
 * was declared (e.g. run_history before correlation_id) gains it, NULL in its old rows.
 */
export async function ensureTables(ddl: TableDdl, specs: readonly TableSpec[]): Promise<void> {
  for (const schema of new Set(specs.map((s) => s.schema))) {
    const present = await ddl.datasetColumns(schema);
    if (present.size === 0) await ddl.createSchema(schema);
    for (const spec of specs.filter((s) => s.schema === schema)) {
      const columns = present.get(spec.name);
      if (!columns) {
        await ddl.createTable(spec);
        continue;
      }
      const missing = spec.columns.filter((c) => !columns.some((have) => have.name === c.name));
      if (missing.length > 0) await ddl.addColumns(spec, missing);
    }
  }
}

/** Rows of (table_name, column_name, BigQuery type), in column order, grouped by table. */
export function columnsByTable(
  rows: readonly { table_name: string; column_name: string; type: string | undefined }[],
): Map<string, TableColumn[]> {
  const tables = new Map<string, TableColumn[]>();
  for (const r of rows) {
    const column: TableColumn = r.type === undefined ? { name: r.column_name } : { name: r.column_name, type: r.type };
    const columns = tables.get(r.table_name);
    if (columns) columns.push(column);
    else tables.set(r.table_name, [column]);
  }
  return tables;
}
