import type { Logger } from "../config/logger.ts";
import type { ActionOutcome } from "../engine/outcome.ts";
import { type AssertionLogRow, assertionLogRow } from "../engine/run-history.ts";
import type { Warehouse } from "../engine/warehouse.ts";
import { tablePath } from "./bigquery-sql.ts";

export const SAMPLE_ROWS = 5;

/** An assertion of the invocation: its outcome, where Dataform left its output (a view) and what it checks. */
export interface InvokedAssertion {
  outcome: ActionOutcome;
  target: { database: string; schema: string; name: string };
  checkedTables: string[];
}

/** How many rows violate the assertion and the first few of them, read from the assertion's own view. */
export function assertionOutputSql(target: InvokedAssertion["target"]): string {
  const view = tablePath(target.database, target.schema, target.name);
  return `SELECT COUNT(*) AS failing_rows, TO_JSON_STRING(ARRAY_AGG(t LIMIT ${SAMPLE_ROWS})) AS sample_rows FROM ${view} AS t`;
}

/** An assertion's outcome with what its view held (offending-row count and sample), and its assertion_log row. */
export interface AssertionResult {
  outcome: ActionOutcome;
  row: AssertionLogRow;
}

/**
 * The assertion_log rows of one invocation: passed assertions need no query (Dataform passes them on zero rows);
 * a failed one is re-read from its view for the offending-row count and sample, which its outcome then carries as
 * the local runner's does (the flow names the offending entities from it). A failed assertion is logged as an
 * alert (`alert: "assertion_failed"`, severity ERROR), which the log sink of docs/operations.md routes.
 */
export async function assertionReport(
  warehouse: Warehouse,
  runId: string,
  assertions: InvokedAssertion[],
  logger: Logger,
): Promise<AssertionResult[]> {
  const results: AssertionResult[] = [];
  for (const a of assertions) {
    if (a.outcome.status === "disabled") continue;
    if (a.outcome.status !== "failed") {
      const assertion = a.outcome.status === "succeeded" ? { failingRows: 0, sample: [] } : undefined;
      const outcome = { ...a.outcome, assertion };
      results.push({ outcome, row: assertionLogRow(runId, outcome, a.checkedTables) });
      continue;
    }
    let outcome: ActionOutcome = a.outcome;
    try {
      const [found] = await warehouse.query<{ failing_rows: number; sample_rows: string | null }>(
        assertionOutputSql(a.target),
        {
          labels: { run_id: runId, action: a.outcome.name, phase: "assertion_report" },
        },
      );
      const failingRows = Number(found?.failing_rows ?? 0);
      if (failingRows > 0)
        outcome = { ...a.outcome, assertion: { failingRows, sample: JSON.parse(found?.sample_rows ?? "[]") } };
    } catch (error) {
      outcome = {
        ...a.outcome,
        error: `${a.outcome.error ?? "failed"}; its output could not be read: ${(error as Error).message}`,
      };
    }
    const row = assertionLogRow(runId, outcome, a.checkedTables);
    results.push({ outcome, row });
    logger.error(
      {
        alert: "assertion_failed",
        run_id: runId,
        assertion: row.assertion,
        status: row.status,
        failing_rows: row.failing_rows,
        sample_rows: row.sample_rows,
      },
      `assertion ${row.assertion} ${row.status}`,
    );
  }
  return results;
}
