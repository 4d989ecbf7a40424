/**
 * The DuckDB statements the runner itself writes (everything else is the project's own SQL, translated).
 * Identifiers are always quoted; nothing from outside the compiled graph is spliced in.
 */
export interface TableRef {
  schema: string;
  name: string;
}

export const quoteIdent = (id: string): string => `"${id.replaceAll('"', '""')}"`;
export const tableSql = (t: TableRef): string => `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;

export function createSchema(schema: string): string {
  return `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`;
}

export function createTableAs(t: TableRef, select: string): string {
  return `CREATE OR REPLACE TABLE ${tableSql(t)} AS\n${select}`;
}

export function createViewAs(t: TableRef, select: string): string {
  return `CREATE OR REPLACE VIEW ${tableSql(t)} AS\n${select}`;
}

export function createStage(stage: string, select: string): string {
  return `CREATE OR REPLACE TEMP TABLE ${quoteIdent(stage)} AS\n${select}`;
}

export function dropStage(stage: string): string {
  return `DROP TABLE IF EXISTS temp.${quoteIdent(stage)}`;
}

/** Rows whose unique key has a NULL part: MERGE would never match them and would insert duplicates. */
export function nullKeyCount(stage: string, uniqueKey: string[]): string {
  const anyNull = uniqueKey.map((k) => `${quoteIdent(k)} IS NULL`).join(" OR ");
  return `SELECT count(*) AS n FROM ${quoteIdent(stage)} WHERE ${anyNull}`;
}

/** Keys that occur more than once in the new rows (BigQuery's MERGE rejects them too). */
export function duplicateKeys(stage: string, uniqueKey: string[], limit = 5): string {
  const keys = uniqueKey.map(quoteIdent).join(", ");
  return `SELECT ${keys}, count(*) AS n FROM ${quoteIdent(stage)} GROUP BY ${keys} HAVING count(*) > 1 LIMIT ${limit}`;
}

/** Column name → DuckDB type, as DESCRIBE reports them. */
export type ColumnTypes = ReadonlyMap<string, string>;

/**
 * Relative tolerance under which two FLOAT64 values count as the same value when deciding whether a row changed.
 * A FLOAT64 SUM or AVG depends on the order its inputs are added in, which parallel aggregation changes from run to
 * run (BigQuery documents FLOAT64 aggregates as non-deterministic too): recomputing an unchanged day moves its
 * averages by a few units in the last place, and without a tolerance an unchanged rerun would rewrite those rows.
 * Below 1 in magnitude the tolerance is absolute.
 */
export const FLOAT_TOLERANCE = 1e-12;

const APPROXIMATE_TYPES = new Set(["DOUBLE", "FLOAT"]);

function sameValue(left: string, right: string, column: string, types: ColumnTypes): string {
  const l = `${left}.${quoteIdent(column)}`;
  const r = `${right}.${quoteIdent(column)}`;
  const exact = `${l} IS NOT DISTINCT FROM ${r}`;
  if (!APPROXIMATE_TYPES.has(types.get(column) ?? "")) return exact;
  return `(${exact} OR coalesce(abs(${l} - ${r}) <= ${FLOAT_TOLERANCE} * greatest(1.0, abs(${l}), abs(${r})), false))`;
}

const sameRow = (left: string, right: string, types: ColumnTypes) =>
  [...types.keys()].map((c) => sameValue(left, right, c, types)).join(" AND ");

/**
 * Dataform's incremental MERGE: update matched rows, insert the others. Matched rows whose values are all equal
 * (FLOAT64 within FLOAT_TOLERANCE) are left alone: the same table as Dataform's MERGE up to FLOAT64 rounding noise,
 * and an unchanged rerun reports 0 rows changed.
 */
export function mergeFromStage(
  t: TableRef,
  stage: string,
  types: ColumnTypes,
  uniqueKey: string[],
  extraMatchConditions: string[] = [],
): string {
  const columns = [...types.keys()];
  const on = [
    ...uniqueKey.map((k) => `T.${quoteIdent(k)} = S.${quoteIdent(k)}`),
    ...extraMatchConditions.map((c) => `(${c})`),
  ];
  const set = columns.map((c) => `${quoteIdent(c)} = S.${quoteIdent(c)}`).join(", ");
  const changed = `NOT (${sameRow("T", "S", types)})`;
  const cols = columns.map(quoteIdent).join(", ");
  const values = columns.map((c) => `S.${quoteIdent(c)}`).join(", ");
  return [
    `MERGE INTO ${tableSql(t)} AS T`,
    `USING ${quoteIdent(stage)} AS S`,
    `ON ${on.join(" AND ")}`,
    `WHEN MATCHED AND (${changed}) THEN UPDATE SET ${set}`,
    `WHEN NOT MATCHED THEN INSERT (${cols}) VALUES (${values})`,
  ].join("\n");
}

/** Incremental without a unique key: append. */
export function insertFromStage(t: TableRef, stage: string, columns: string[]): string {
  const cols = columns.map(quoteIdent).join(", ");
  return `INSERT INTO ${tableSql(t)} (${cols})\nSELECT ${cols} FROM ${quoteIdent(stage)}`;
}

/**
 * INSERT_OVERWRITE, step 1: in the partitions present in the new rows, remove the rows the new rows do not repeat
 * exactly. With step 2 the table ends as Dataform's partition overwrite leaves it, but identical rows stay untouched.
 */
export function deleteStalePartitionRows(
  t: TableRef,
  stage: string,
  partitionExpr: string,
  types: ColumnTypes,
): string {
  return [
    `DELETE FROM ${tableSql(t)} AS T`,
    `WHERE (${partitionExpr}) IN (SELECT DISTINCT ${partitionExpr} FROM ${quoteIdent(stage)})`,
    `AND NOT EXISTS (SELECT 1 FROM ${quoteIdent(stage)} AS S WHERE ${sameRow("S", "T", types)})`,
  ].join("\n");
}

/** INSERT_OVERWRITE, step 2: insert the new rows the table does not already hold exactly. */
export function insertMissingRows(t: TableRef, stage: string, types: ColumnTypes): string {
  const cols = [...types.keys()].map(quoteIdent).join(", ");
  return [
    `INSERT INTO ${tableSql(t)} (${cols})`,
    `SELECT ${cols} FROM ${quoteIdent(stage)} AS S`,
    `WHERE NOT EXISTS (SELECT 1 FROM ${tableSql(t)} AS T WHERE ${sameRow("T", "S", types)})`,
  ].join("\n");
}

export function addColumn(t: TableRef, column: string, type: string): string {
  return `ALTER TABLE ${tableSql(t)} ADD COLUMN ${quoteIdent(column)} ${type}`;
}

export function dropColumn(t: TableRef, column: string): string {
  return `ALTER TABLE ${tableSql(t)} DROP COLUMN ${quoteIdent(column)}`;
}

export function countRows(t: TableRef | string): string {
  return `SELECT count(*) AS n FROM ${typeof t === "string" ? quoteIdent(t) : tableSql(t)}`;
}

export function describeColumns(t: TableRef | string): string {
  return `SELECT column_name, column_type AS data_type FROM (DESCRIBE ${typeof t === "string" ? quoteIdent(t) : tableSql(t)})`;
}

export function tableExists(): string {
  return "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $schema AND table_name = $name";
}
