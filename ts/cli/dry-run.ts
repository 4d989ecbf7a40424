import { format } from "sql-formatter";
import type { Action } from "../engine/actions.ts";
import type { ColumnTypes } from "../engine/dml.ts";
import * as dml from "../engine/dml.ts";
import type { PlannedAction } from "../engine/plan.ts";

/** What `run --dry-run` prints: the SQL production runs (BigQuery, the default) or the local runner's (DuckDB). */
export type DryRunDialect = "bigquery" | "duckdb";

/**
 * Incremental tables that already exist, by action name, with their columns: an incremental action writes
 * incrementally (MERGE/INSERT into these columns, as Dataform does) only when its table exists; otherwise it creates it.
 */
export type ExistingTables = Map<string, ColumnTypes>;

/** A topological order of the actions (dependencies first, ties in graph order): the order the run executes them. */
export function executionOrder<T extends { name: string; dependencies: string[] }>(actions: T[]): T[] {
  const byName = new Map(actions.map((a) => [a.name, a]));
  const done = new Set<string>();
  const ordered: T[] = [];
  const visit = (a: T, path: Set<string>) => {
    if (done.has(a.name)) return;
    if (path.has(a.name)) throw new Error(`dependency cycle through ${a.name}`);
    path.add(a.name);
    for (const d of a.dependencies) {
      const dep = byName.get(d);
      if (dep) visit(dep, path);
    }
    path.delete(a.name);
    done.add(a.name);
    ordered.push(a);
  };
  for (const a of actions) visit(a, new Set());
  return ordered;
}

function pretty(sql: string, dialect: DryRunDialect): string {
  try {
    return format(sql, { language: dialect, keywordCase: "upper" });
  } catch {
    return sql;
  }
}

function header(a: Action): string {
  return `-- ${a.name} (${a.type}, ${a.file})${a.disabled ? " [disabled: not run]" : ""}`;
}

function block(a: Action, sections: [string, string[]][], dialect: DryRunDialect, notes: string[] = []): string {
  const lines = [header(a)];
  for (const [label, statements] of sections) {
    if (statements.length === 0) continue;
    lines.push(`-- ${label}`, ...statements.map((s) => `${pretty(s, dialect)};`));
  }
  return [...lines, ...notes.map((n) => `-- ${n}`)].join("\n");
}

function writesIncrementally(a: Action, existing: ExistingTables, fullRefresh: boolean): ColumnTypes | null {
  const columns = existing.get(a.name);
  if (!columns || (fullRefresh && !a.table?.protected)) return null;
  return columns;
}

function laterRunsNote(a: Action): string {
  const key = a.table?.uniqueKey ?? [];
  const write = key.length > 0 ? `MERGE the new rows on (${key.join(", ")})` : "INSERT the new rows";
  return `the table does not exist yet (or --full-refresh): it is created; later runs ${write}`;
}

/** The DuckDB statements the local runner executes, action by action in execution order. */
export function duckDbDryRun(plans: PlannedAction[], existing: ExistingTables, fullRefresh = false): string {
  const ordered = executionOrder(
    plans.map((p) => ({ name: p.action.name, dependencies: p.action.dependencies, p })),
  ).map((x) => x.p);
  return `${ordered.map((p) => duckDbBlock(p, existing, fullRefresh)).join("\n\n")}\n`;
}

function duckDbBlock(p: PlannedAction, existing: ExistingTables, fullRefresh: boolean): string {
  const a = p.action;
  switch (a.type) {
    case "table":
      return block(a, [["build", [...p.preOps, dml.createTableAs(p.ref, p.query!), ...p.postOps]]], "duckdb");
    case "view":
      return block(a, [["build", [...p.preOps, dml.createViewAs(p.ref, p.query!), ...p.postOps]]], "duckdb");
    case "incremental": {
      const columns = writesIncrementally(a, existing, fullRefresh);
      if (!columns)
        return block(a, [["create", [...p.preOps, dml.createTableAs(p.ref, p.query!), ...p.postOps]]], "duckdb", [
          laterRunsNote(a),
        ]);
      const inc = p.incremental!;
      const key = a.table?.uniqueKey ?? [];
      const stage = "nbap_stage";
      const write = inc.partitionExpr
        ? [
            dml.deleteStalePartitionRows(p.ref, stage, inc.partitionExpr, columns),
            dml.insertMissingRows(p.ref, stage, columns),
          ]
        : key.length > 0
          ? [dml.mergeFromStage(p.ref, stage, columns, key, inc.matchConditions)]
          : [dml.insertFromStage(p.ref, stage, [...columns.keys()])];
      const statements = [
        ...inc.preOps,
        dml.createStage(stage, inc.query),
        ...write,
        ...inc.postOps,
        dml.dropStage(stage),
      ];
      return block(a, [["incremental: new rows into the existing table", statements]], "duckdb");
    }
    case "operations":
      return block(a, [["operations", p.operations ?? []]], "duckdb");
    case "assertion":
      return block(a, [["assertion (passes when it returns no rows)", [p.query!]]], "duckdb");
    case "declaration":
      return `${header(a)}\n-- source must exist: ${p.ref.schema}.${p.ref.name}`;
  }
}

const bq = (t: Action["target"]) => `\`${t.database}.${t.schema}.${t.name}\``;

/** Dataform's BigQuery `create or replace` of a table or view, with its partitioning and clustering. */
function createOrReplace(a: Action): string {
  const t = a.table!;
  const kind = t.materialized ? "MATERIALIZED VIEW" : a.type === "view" ? "VIEW" : "TABLE";
  const partition = t.bigquery?.partitionBy ? ` PARTITION BY ${t.bigquery.partitionBy}` : "";
  const cluster = t.bigquery?.clusterBy?.length ? ` CLUSTER BY ${t.bigquery.clusterBy.join(", ")}` : "";
  return `CREATE OR REPLACE ${kind} ${bq(a.target)}${partition}${cluster} AS ${t.query}`;
}

/** Dataform's BigQuery incremental write into the existing columns: MERGE on the unique key, else INSERT. */
function incrementalWrite(a: Action, columns: string[]): string {
  const t = a.table!;
  const cols = columns.map((c) => `\`${c}\``);
  const query = t.incrementalQuery || t.query;
  if (t.uniqueKey.length === 0) {
    return `INSERT INTO ${bq(a.target)} (${cols.join(", ")}) SELECT ${cols.join(", ")} FROM (${query}) AS insertions`;
  }
  const on = [
    ...t.uniqueKey.map((k) => `T.${k} = S.${k}`),
    ...(t.bigquery?.updatePartitionFilter ? [`T.${t.bigquery.updatePartitionFilter}`] : []),
    ...(t.bigquery?.incrementalPredicates ?? []),
  ];
  return [
    `MERGE ${bq(a.target)} T USING (${query}) S ON ${on.join(" AND ")}`,
    `WHEN MATCHED THEN UPDATE SET ${cols.map((c) => `${c} = S.${c}`).join(", ")}`,
    `WHEN NOT MATCHED THEN INSERT (${cols.join(", ")}) VALUES (${cols.join(", ")})`,
  ].join(" ");
}

/** The BigQuery statements Dataform executes in production (from the BigQuery compilation), in execution order. */
export function bigQueryDryRun(actions: Action[], existing: ExistingTables, fullRefresh = false): string {
  return `${executionOrder(actions)
    .map((a) => bigQueryBlock(a, existing, fullRefresh))
    .join("\n\n")}\n`;
}

function bigQueryBlock(a: Action, existing: ExistingTables, fullRefresh: boolean): string {
  const t = a.table;
  switch (a.type) {
    case "table":
    case "view":
      return block(a, [["build", [...t!.preOps, createOrReplace(a), ...t!.postOps]]], "bigquery");
    case "incremental": {
      const columns = writesIncrementally(a, existing, fullRefresh);
      if (!columns)
        return block(a, [["create", [...t!.preOps, createOrReplace(a), ...t!.postOps]]], "bigquery", [
          laterRunsNote(a),
        ]);
      return block(
        a,
        [
          [
            "incremental: new rows into the existing table",
            [...t!.incrementalPreOps, incrementalWrite(a, [...columns.keys()]), ...t!.incrementalPostOps],
          ],
        ],
        "bigquery",
      );
    }
    case "operations":
      return block(a, [["operations", a.operation!.queries]], "bigquery");
    case "assertion":
      return block(a, [["assertion (passes when it returns no rows)", [a.assertion!.query]]], "bigquery");
    case "declaration":
      return `${header(a)}\n-- source must exist: ${bq(a.target)}`;
  }
}
