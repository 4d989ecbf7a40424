import { createRequire } from "node:module";

/**
 * The raw tables as declared in includes/raw_tables.js: the one column list shared by the Dataform declarations
 * (definitions/sources/*.js) and the local loader, required here as the CommonJS module Dataform also evaluates
 * (includes/package.json marks includes/ as CommonJS).
 */
export type BigQueryType = "STRING" | "INT64" | "FLOAT64" | "NUMERIC" | "BOOL" | "DATE" | "TIMESTAMP";

export interface RawColumn {
  name: string;
  type: BigQueryType;
  description: string;
}

export interface RawTableSpec {
  name: string;
  description: string;
  source: string;
  /** Natural key columns (rejected as duplicates within one file); null when the source has none. */
  key: string[] | null;
  columns: RawColumn[];
}

interface RawTablesModule {
  RAW_SCHEMA: string;
  TABLES: Record<string, { description: string; source: string; key: string[] | null }>;
  tableColumns(name: string): [string, BigQueryType, string][];
}

const rawModule = createRequire(import.meta.url)("../../includes/raw_tables.js") as RawTablesModule;

export const RAW_SCHEMA = rawModule.RAW_SCHEMA;

export const RAW_TABLES: ReadonlyMap<string, RawTableSpec> = new Map(
  Object.entries(rawModule.TABLES).map(([name, t]) => [
    name,
    {
      name,
      description: t.description,
      source: t.source,
      key: t.key,
      columns: rawModule.tableColumns(name).map(([column, type, description]) => ({ name: column, type, description })),
    },
  ]),
);

/** Provenance columns the loader binds per file (source_line comes with each parsed row). */
export const BOUND_PROVENANCE_COLUMNS: ReadonlySet<string> = new Set(["source_file", "source_hash", "loaded_at"]);

/** The columns a parser must produce for a table (source_line is added by the loader). */
export function parsedColumns(spec: RawTableSpec): string[] {
  return spec.columns.map((c) => c.name).filter((c) => !BOUND_PROVENANCE_COLUMNS.has(c) && c !== "source_line");
}

export function rawTable(name: string): RawTableSpec {
  const spec = RAW_TABLES.get(name);
  if (!spec) throw new Error(`unknown raw table "${name}" (not in includes/raw_tables.js)`);
  return spec;
}

/** `<datasetPrefix>nba_raw`: isolated test runs use their own prefix. */
export function rawSchemaName(datasetPrefix: string): string {
  return `${datasetPrefix}${RAW_SCHEMA}`;
}

export function qualifiedRawTable(datasetPrefix: string, table: string): string {
  return `${quoteIdentifier(rawSchemaName(datasetPrefix))}.${quoteIdentifier(table)}`;
}

export function quoteIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`refusing unsafe SQL identifier "${name}"`);
  return `"${name}"`;
}

const DUCKDB_TYPES: Record<BigQueryType, string> = {
  STRING: "VARCHAR",
  INT64: "BIGINT",
  FLOAT64: "DOUBLE",
  NUMERIC: "DECIMAL(38,9)",
  BOOL: "BOOLEAN",
  DATE: "DATE",
  TIMESTAMP: "TIMESTAMP",
};

export function duckDbType(type: BigQueryType): string {
  return DUCKDB_TYPES[type];
}
