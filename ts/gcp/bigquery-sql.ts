import type { ColumnType, TableSpec } from "../engine/warehouse.ts";

/**
 * The BigQuery statements the glue itself writes (DDL for declared tables); everything else is the project's own
 * SQLX, compiled by Dataform. Identifiers are validated, descriptions are written as escaped string literals.
 */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

export function checkIdentifier(name: string, what = "identifier"): string {
  if (!IDENTIFIER.test(name)) throw new Error(`refusing unsafe BigQuery ${what} "${name}"`);
  return name;
}

export function checkProjectId(project: string): string {
  if (!PROJECT_ID.test(project)) throw new Error(`"${project}" is not a valid GCP project id`);
  return project;
}

/** `project.dataset.table`, backticked as Dataform emits it. */
export function tablePath(project: string, schema: string, name: string): string {
  return `\`${checkProjectId(project)}.${checkIdentifier(schema, "dataset")}.${checkIdentifier(name, "table")}\``;
}

/** A GoogleSQL string literal: backslash, quote and control characters escaped. */
export function stringLiteral(text: string): string {
  const escaped = text.replace(
    /[\\"\n\r\t]/g,
    (c) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c]!,
  );
  return `"${escaped}"`;
}

export function createDatasetSql(project: string, dataset: string, location: string): string {
  return `CREATE SCHEMA IF NOT EXISTS \`${checkProjectId(project)}.${checkIdentifier(dataset, "dataset")}\` OPTIONS (location = ${stringLiteral(location)})`;
}

function partitionClause(spec: TableSpec): string {
  if (!spec.partitionBy) return "";
  const column = spec.columns.find((c) => c.name === spec.partitionBy);
  if (!column) throw new Error(`${spec.schema}.${spec.name}: partition column ${spec.partitionBy} is not declared`);
  const expr: Partial<Record<ColumnType, string>> = { DATE: column.name, TIMESTAMP: `DATE(${column.name})` };
  if (!expr[column.type])
    throw new Error(`${spec.schema}.${spec.name}: cannot partition by ${column.type} column ${column.name}`);
  return `\nPARTITION BY ${expr[column.type]}`;
}

function clusterClause(spec: TableSpec): string {
  const columns = spec.clusterBy ?? [];
  if (columns.length === 0) return "";
  if (columns.length > 4) throw new Error(`${spec.schema}.${spec.name}: BigQuery clusters by at most 4 columns`);
  return `\nCLUSTER BY ${columns.map((c) => checkIdentifier(c, "column")).join(", ")}`;
}

/** CREATE TABLE IF NOT EXISTS from a declared schema, with partitioning, clustering and every description. */
export function createTableSql(project: string, spec: TableSpec): string {
  const columns = spec.columns.map((c) => {
    const options = c.description ? ` OPTIONS (description = ${stringLiteral(c.description)})` : "";
    return `  ${checkIdentifier(c.name, "column")} ${c.type}${options}`;
  });
  const options = spec.description ? `\nOPTIONS (description = ${stringLiteral(spec.description)})` : "";
  return `CREATE TABLE IF NOT EXISTS ${tablePath(project, spec.schema, spec.name)} (\n${columns.join(",\n")}\n)${partitionClause(spec)}${clusterClause(spec)}${options}`;
}

/** A table made before a column was declared gains it (NULL in its old rows); a no-op when every column exists. */
export function addMissingColumnsSql(project: string, spec: TableSpec): string {
  const columns = spec.columns.map((c) => {
    const options = c.description ? ` OPTIONS (description = ${stringLiteral(c.description)})` : "";
    return `  ADD COLUMN IF NOT EXISTS ${checkIdentifier(c.name, "column")} ${c.type}${options}`;
  });
  return `ALTER TABLE ${tablePath(project, spec.schema, spec.name)}\n${columns.join(",\n")}`;
}

/** The staging table a merge loads its rows into (a load job) before its transaction: the columns plus the batch id. */
export function stageTableSpec(spec: TableSpec): TableSpec {
  if (spec.columns.some((c) => c.name === "merge_batch_id"))
    throw new Error(`${spec.schema}.${spec.name}: column merge_batch_id is reserved for staging`);
  return {
    schema: spec.schema,
    name: `${spec.name}_stage`,
    description: `Rows of ${spec.name} staged by a load job for one merge (merge_batch_id); removed once the merge ended.`,
    columns: [{ name: "merge_batch_id", type: "STRING" }, ...spec.columns.map((c) => ({ name: c.name, type: c.type }))],
    clusterBy: ["merge_batch_id"],
  };
}

const same = (columns: string[]) => columns.map((k) => `T.${checkIdentifier(k, "column")} = S.${k}`).join(" AND ");

function stagedBatch(project: string, spec: TableSpec): string {
  const stage = stageTableSpec(spec);
  return `(SELECT ${spec.columns.map((c) => checkIdentifier(c.name, "column")).join(", ")} FROM ${tablePath(project, stage.schema, stage.name)} WHERE merge_batch_id = @merge_batch_id)`;
}

/** Rows of the groups a batch replaces that match none of its keys. */
export function deleteReplacedGroupsSql(project: string, spec: TableSpec, key: string[], groupBy: string[]): string {
  const batch = stagedBatch(project, spec);
  return (
    `DELETE FROM ${tablePath(project, spec.schema, spec.name)} T\n` +
    `WHERE EXISTS (SELECT 1 FROM ${batch} S WHERE ${same(groupBy)})\n` +
    `  AND NOT EXISTS (SELECT 1 FROM ${batch} S WHERE ${same(key)})`
  );
}

/** One MERGE of the staged batch on the key: matched rows updated, the others inserted. */
export function mergeStagedSql(project: string, spec: TableSpec, key: string[]): string {
  const cols = spec.columns.map((c) => checkIdentifier(c.name, "column"));
  return [
    `MERGE ${tablePath(project, spec.schema, spec.name)} T`,
    `USING ${stagedBatch(project, spec)} S`,
    `ON ${same(key)}`,
    `WHEN MATCHED THEN UPDATE SET ${cols.map((c) => `${c} = S.${c}`).join(", ")}`,
    `WHEN NOT MATCHED THEN INSERT (${cols.join(", ")}) VALUES (${cols.map((c) => `S.${c}`).join(", ")})`,
  ].join("\n");
}

export function deleteStagedBatchSql(project: string, spec: TableSpec): string {
  const stage = stageTableSpec(spec);
  return `DELETE FROM ${tablePath(project, stage.schema, stage.name)} WHERE merge_batch_id = @merge_batch_id`;
}

/** Every column of every table of a dataset, in order (answers, with no rows, when the dataset does not exist). */
export function datasetColumnsSql(project: string, location: string): string {
  return `SELECT table_name, column_name, data_type FROM ${regionView(project, location, "COLUMNS")} WHERE table_schema = @schema ORDER BY table_name, ordinal_position`;
}

/** Whether a table exists, from the location's INFORMATION_SCHEMA (answers even when its dataset does not exist). */
export function tableExistsSql(project: string, location: string): string {
  return `SELECT COUNT(*) AS n FROM ${regionView(project, location, "TABLES")} WHERE table_schema = @schema AND table_name = @name`;
}

/** An INFORMATION_SCHEMA view over every dataset of the project in one location. */
function regionView(project: string, location: string, view: "TABLES" | "COLUMNS"): string {
  const region = `region-${location.toLowerCase()}`;
  if (!/^region-[a-z0-9-]+$/.test(region)) throw new Error(`"${location}" is not a BigQuery location`);
  return `\`${checkProjectId(project)}.${region}.INFORMATION_SCHEMA.${view}\``;
}

/**
 * A table's content fingerprint: row count and the sum of every row's FARM_FINGERPRINT of its JSON (order-free,
 * duplicates counted; summed as NUMERIC so it cannot overflow).
 */
export function contentFingerprintSql(project: string, schema: string, name: string): string {
  return `SELECT COUNT(*) AS n, CAST(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS NUMERIC)) AS STRING) AS h FROM ${tablePath(project, schema, name)} AS t`;
}
