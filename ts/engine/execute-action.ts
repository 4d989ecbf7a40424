import * as dml from "./dml.ts";
import type { PlannedAction } from "./plan.ts";
import type { Row, WarehouseSession } from "./warehouse.ts";

export class ActionFailure extends Error {
  override name = "ActionFailure";
}

/** An assertion that returned rows: how many, and the first few (their keys identify what to look at). */
export class AssertionFailure extends ActionFailure {
  override name = "AssertionFailure";
  constructor(
    readonly failingRows: number,
    readonly sample: Row[],
  ) {
    super(`assertion failed: ${failingRows} row(s) violate it, e.g. ${JSON.stringify(sample.slice(0, 3))}`);
  }
}

export interface ExecuteOptions {
  fullRefresh: boolean;
  /** Unique per action execution: the temp table holding an incremental run's new rows. */
  stageName: string;
}

async function exists(s: WarehouseSession, ref: dml.TableRef): Promise<boolean> {
  const rows = await s.query<{ n: number }>(dml.tableExists(), { params: { schema: ref.schema, name: ref.name } });
  return Number(rows[0]?.n ?? 0) > 0;
}

async function count(s: WarehouseSession, ref: dml.TableRef | string): Promise<number> {
  const rows = await s.query<{ n: number }>(dml.countRows(ref));
  return Number(rows[0]?.n ?? 0);
}

async function columns(s: WarehouseSession, ref: dml.TableRef | string): Promise<Map<string, string>> {
  const rows = await s.query<{ column_name: string; data_type: string }>(dml.describeColumns(ref));
  return new Map(rows.map((r) => [r.column_name, r.data_type]));
}

async function runAll(s: WarehouseSession, statements: string[]): Promise<number> {
  let changed = 0;
  for (const statement of statements) changed += await s.execute(statement);
  return changed;
}

async function createTable(s: WarehouseSession, p: PlannedAction): Promise<number> {
  await runAll(s, p.preOps);
  await s.execute(dml.createTableAs(p.ref, p.query!));
  await runAll(s, p.postOps);
  return count(s, p.ref);
}

/**
 * Aligns the new rows' columns with the existing table, per the action's onSchemaChange (Dataform semantics):
 * IGNORE keeps the table's columns, FAIL refuses any difference, EXTEND adds new columns, SYNCHRONIZE also drops.
 */
async function alignColumns(s: WarehouseSession, p: PlannedAction, stage: string): Promise<dml.ColumnTypes> {
  const table = await columns(s, p.ref);
  const fresh = await columns(s, stage);
  const added = [...fresh.keys()].filter((c) => !table.has(c));
  const removed = [...table.keys()].filter((c) => !fresh.has(c));
  const mode = p.action.table?.onSchemaChange ?? "IGNORE";
  if (mode === "FAIL" && (added.length > 0 || removed.length > 0)) {
    throw new ActionFailure(
      `schema changed (onSchemaChange: FAIL): new columns [${added.join(", ")}], missing columns [${removed.join(", ")}]`,
    );
  }
  if (mode === "EXTEND" || mode === "SYNCHRONIZE") {
    for (const c of added) await s.execute(dml.addColumn(p.ref, c, fresh.get(c)!));
  }
  if (mode === "SYNCHRONIZE") {
    for (const c of removed) await s.execute(dml.dropColumn(p.ref, c));
  }
  if (mode === "IGNORE" && removed.length > 0) {
    throw new ActionFailure(`the incremental query no longer produces column(s) ${removed.join(", ")} of the table`);
  }
  return mode === "IGNORE" ? table : fresh;
}

async function mergeIncremental(s: WarehouseSession, p: PlannedAction, stage: string): Promise<number> {
  const inc = p.incremental!;
  const uniqueKey = p.action.table?.uniqueKey ?? [];
  await runAll(s, inc.preOps);
  // on failure the caller rolls the transaction back, the stage with it (a DROP here would only hide the error)
  await s.execute(dml.createStage(stage, inc.query));
  if (uniqueKey.length > 0) {
    const nulls = await s.query<{ n: number }>(dml.nullKeyCount(stage, uniqueKey));
    if (Number(nulls[0]?.n) > 0) {
      throw new ActionFailure(`${nulls[0]!.n} new row(s) have a NULL in the unique key (${uniqueKey.join(", ")})`);
    }
    const dups = await s.query(dml.duplicateKeys(stage, uniqueKey));
    if (dups.length > 0) {
      throw new ActionFailure(
        `the new rows repeat unique key values (${uniqueKey.join(", ")}), e.g. ${JSON.stringify(dups[0])}`,
      );
    }
  }
  const types = await alignColumns(s, p, stage);
  let changed: number;
  if (inc.partitionExpr) {
    changed = await s.execute(dml.deleteStalePartitionRows(p.ref, stage, inc.partitionExpr, types));
    changed += await s.execute(dml.insertMissingRows(p.ref, stage, types));
  } else if (uniqueKey.length > 0) {
    changed = await s.execute(dml.mergeFromStage(p.ref, stage, types, uniqueKey, inc.matchConditions));
  } else {
    changed = await s.execute(dml.insertFromStage(p.ref, stage, [...types.keys()]));
  }
  await runAll(s, inc.postOps);
  await s.execute(dml.dropStage(stage));
  return changed;
}

async function runAssertion(s: WarehouseSession, p: PlannedAction): Promise<number> {
  await s.execute(dml.createViewAs(p.ref, p.query!));
  const failing = await count(s, p.ref);
  if (failing > 0) {
    throw new AssertionFailure(failing, await s.query(`SELECT * FROM ${dml.tableSql(p.ref)} LIMIT 5`));
  }
  return 0;
}

/**
 * Runs one planned action on a session that the caller wraps in a transaction, so the action is all or nothing.
 * Returns the rows affected (rows in a rebuilt table; rows changed by a merge or an operation).
 */
export async function executeAction(s: WarehouseSession, p: PlannedAction, o: ExecuteOptions): Promise<number | null> {
  switch (p.action.type) {
    case "table":
      return createTable(s, p);
    case "view":
      await runAll(s, p.preOps);
      await s.execute(dml.createViewAs(p.ref, p.query!));
      await runAll(s, p.postOps);
      return null;
    case "incremental": {
      const rebuild = (o.fullRefresh && !p.action.table?.protected) || !(await exists(s, p.ref));
      return rebuild ? createTable(s, p) : mergeIncremental(s, p, o.stageName);
    }
    case "operations":
      return runAll(s, p.operations ?? []);
    case "assertion":
      return runAssertion(s, p);
    case "declaration":
      if (!(await exists(s, p.ref))) {
        throw new ActionFailure(
          `declared source ${p.ref.schema}.${p.ref.name} does not exist in the warehouse (load it first)`,
        );
      }
      return null;
  }
}
