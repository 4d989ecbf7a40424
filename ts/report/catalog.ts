import { quoteIdent } from "../engine/dml.ts";
import type { Warehouse } from "../engine/warehouse.ts";
import type { TableName } from "./tables.ts";

/** The warehouse's tables and their columns under one dataset prefix, read once: what decides which sections exist. */
export class Catalog {
  private constructor(
    private readonly prefix: string,
    private readonly columns: Map<string, Set<string>>,
  ) {}

  static async read(warehouse: Warehouse, prefix: string): Promise<Catalog> {
    if (warehouse.engine !== "duckdb")
      throw new Error("the report reads the local DuckDB warehouse only (the BigQuery adapter is not built yet)");
    const rows = await warehouse.query<{ table_schema: string; table_name: string; column_name: string }>(
      "SELECT table_schema, table_name, column_name FROM information_schema.columns ORDER BY table_schema, table_name, ordinal_position",
    );
    const columns = new Map<string, Set<string>>();
    for (const r of rows) {
      if (!r.table_schema.startsWith(prefix)) continue;
      const key = `${r.table_schema.slice(prefix.length)}.${r.table_name}`;
      if (!columns.has(key)) columns.set(key, new Set());
      columns.get(key)!.add(r.column_name);
    }
    return new Catalog(prefix, columns);
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

  /** The table as SQL: quoted, with the run's dataset prefix. */
  sql(table: TableName): string {
    return `${quoteIdent(this.prefix + table.schema)}.${quoteIdent(table.name)}`;
  }

  /** An action name (`schema.table`) without the dataset prefix. */
  unprefixed(action: string): string {
    return action.startsWith(this.prefix) ? action.slice(this.prefix.length) : action;
  }
}

/** A column name as SQL. */
export const col = (name: string): string => quoteIdent(name);
