import type { Warehouse } from "../engine/warehouse.ts";
import { REPORT_SCHEMAS, type TableName } from "./tables.ts";

/** The warehouse's tables and their columns under one dataset prefix, read once: what decides which sections exist. */
export class Catalog {
  private constructor(
    private readonly prefix: string,
    private readonly columns: Map<string, Set<string>>,
    private readonly tablePath: (schema: string, name: string) => string,
  ) {}

  /** One read of each report schema's columns through the Warehouse port (DuckDB or BigQuery). */
  static async read(warehouse: Warehouse, prefix: string): Promise<Catalog> {
    const columns = new Map<string, Set<string>>();
    for (const schema of REPORT_SCHEMAS) {
      for (const [table, names] of await warehouse.datasetColumns(prefix + schema)) {
        columns.set(`${schema}.${table}`, new Set(names.map((c) => c.name)));
      }
    }
    return new Catalog(prefix, columns, (schema, name) => warehouse.tablePath(schema, name));
  }

  /** True when the table exists and has every named column. */
  has(table: TableName, requiredColumns: readonly string[] = []): boolean {
    const cols = this.columns.get(`${table.schema}.${table.name}`);
    return cols !== undefined && requiredColumns.every((c) => cols.has(c));
  }

  hasColumn(table: TableName, column: string): boolean {
    return this.columns.get(`${table.schema}.${table.name}`)?.has(column) ?? false;
  }

  /** The tables of a schema, in name order. */
  tablesIn(schema: string): TableName[] {
    return [...this.columns.keys()]
      .filter((k) => k.startsWith(`${schema}.`))
      .map((k) => ({ schema, name: k.slice(schema.length + 1) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The table in the report's GoogleSQL (Warehouse.queryGoogleSql), with the run's dataset prefix. */
  sql(table: TableName): string {
    return this.tablePath(this.prefix + table.schema, table.name);
  }

  /** An action name (`schema.table`) without the dataset prefix. */
  unprefixed(action: string): string {
    return action.startsWith(this.prefix) ? action.slice(this.prefix.length) : action;
  }
}

/** A column name in GoogleSQL: backticked, and only a plain identifier (the names come from tables.ts). */
export function col(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`refusing unsafe column name "${name}"`);
  return `\`${name}\``;
}
