import type { WarehouseSession } from "../engine/warehouse.ts";
import {
  duckDbType,
  qualifiedRawTable,
  quoteIdentifier,
  RAW_TABLES,
  type RawTableSpec,
  rawSchemaName,
} from "./raw-tables.ts";

export class RawSchemaMismatchError extends Error {
  override name = "RawSchemaMismatchError";
}

/**
 * Creates `<prefix>nba_raw` and every declared raw table that does not exist yet (DuckDB types mapped from the
 * declared BigQuery types). An existing table whose columns differ from its declaration is an error, not silently
 * altered: drop it (or use a fresh warehouse) after changing includes/raw_tables.js.
 */
export async function ensureRawTables(session: WarehouseSession, datasetPrefix: string): Promise<void> {
  const schema = rawSchemaName(datasetPrefix);
  await session.execute(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
  const existing = await session.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema = $schema ORDER BY table_name, ordinal_position`,
    { params: { schema } },
  );
  for (const spec of RAW_TABLES.values()) {
    const columns = existing.filter((c) => c.table_name === spec.name);
    if (columns.length === 0) await session.execute(createTableSql(spec, datasetPrefix));
    else assertColumnsMatch(spec, schema, columns);
  }
}

function createTableSql(spec: RawTableSpec, datasetPrefix: string): string {
  const columns = spec.columns.map((c) => `${quoteIdentifier(c.name)} ${duckDbType(c.type)}`);
  return `CREATE TABLE IF NOT EXISTS ${qualifiedRawTable(datasetPrefix, spec.name)} (${columns.join(", ")})`;
}

function assertColumnsMatch(
  spec: RawTableSpec,
  schema: string,
  actual: { column_name: string; data_type: string }[],
): void {
  const expected = spec.columns.map((c) => `${c.name} ${duckDbType(c.type)}`).join(", ");
  const found = actual.map((c) => `${c.column_name} ${c.data_type}`).join(", ");
  if (expected !== found) {
    throw new RawSchemaMismatchError(
      `${schema}.${spec.name} does not match its declaration (includes/raw_tables.js).\n  declared: ${expected}\n  found:    ${found}\n` +
        `Drop the table (or start from a fresh warehouse) and load again.`,
    );
  }
}
