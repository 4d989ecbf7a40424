import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import type { SqlParam } from "../../ts/engine/warehouse.ts";
import type { FakeQueryResult } from "./bigquery-fake.ts";

interface QueryParameter {
  name: string;
  parameterType: { type: string };
  parameterValue: { value: string | null };
}

/**
 * Answers for the BigQuery fake that execute each query job on a DuckDB warehouse, so a reader of BigQuery (the
 * report) can be run end to end against the fake: `project.dataset.table` paths lose their project, the location's
 * INFORMATION_SCHEMA.COLUMNS is read from DuckDB's catalog, and the job's typed parameters are bound as sent.
 * Statements are run through the Warehouse port's GoogleSQL translation; that they are valid BigQuery is for the
 * offline ZetaSQL check to prove, not for this fake.
 */
export function answersFromDuckDb(
  warehouse: DuckDbWarehouse,
  project: string,
): (sql: string, query: Record<string, any>) => Promise<FakeQueryResult> {
  return async (sql, query) => {
    const params = Object.fromEntries(
      ((query.queryParameters ?? []) as QueryParameter[]).map((p) => [p.name, parameterValue(p)]),
    );
    if (/`[^`]+\.region-[a-z0-9-]+\.INFORMATION_SCHEMA\.COLUMNS`/.test(sql)) {
      const tables = await warehouse.datasetColumns(String(params.schema));
      return {
        rows: [...tables].flatMap(([table_name, columns]) =>
          columns.map((c) => ({ table_name, column_name: c.name, data_type: c.type ?? null })),
        ),
      };
    }
    const rows = await warehouse.queryGoogleSql(sql.replaceAll(`\`${project}.`, "`"), { params });
    return { rows: rows as FakeQueryResult["rows"] };
  };
}

function parameterValue(p: QueryParameter): SqlParam {
  const v = p.parameterValue.value;
  if (v === null) return null;
  if (p.parameterType.type === "INT64") return Number(v);
  if (p.parameterType.type === "BOOL") return v === "true";
  return v;
}
