import { format } from "sql-formatter";
import * as dml from "./dml.ts";
import type { PlannedAction } from "./plan.ts";

function pretty(sql: string): string {
  try {
    return format(sql, { language: "duckdb", keywordCase: "upper" });
  } catch {
    return sql;
  }
}

/** What `--dry-run` prints: every statement each action would run, in order, formatted. */
export function dryRunText(plans: PlannedAction[]): string {
  const blocks = plans.map((p) => {
    const a = p.action;
    const lines = [`-- ${a.name} (${a.type}, ${a.file})${a.disabled ? " [disabled]" : ""}`];
    const add = (label: string, statements: string[]) => {
      if (statements.length === 0) return;
      lines.push(`-- ${label}`, ...statements.map((s) => `${pretty(s)};`));
    };
    switch (a.type) {
      case "table":
        add("build", [...p.preOps, dml.createTableAs(p.ref, p.query!), ...p.postOps]);
        break;
      case "view":
        add("build", [...p.preOps, dml.createViewAs(p.ref, p.query!), ...p.postOps]);
        break;
      case "incremental": {
        add("first run or --full-refresh", [...p.preOps, dml.createTableAs(p.ref, p.query!), ...p.postOps]);
        const key = a.table?.uniqueKey ?? [];
        const write =
          key.length > 0 ? `-- then MERGE the new rows on (${key.join(", ")})` : "-- then INSERT the new rows";
        add("incremental run: new rows", [...p.incremental!.preOps, p.incremental!.query, ...p.incremental!.postOps]);
        lines.push(write);
        break;
      }
      case "operations":
        add("operations", p.operations ?? []);
        break;
      case "assertion":
        add("assertion (passes when it returns no rows)", [p.query!]);
        break;
      case "declaration":
        lines.push(`-- source must exist: ${p.ref.schema}.${p.ref.name}`);
        break;
    }
    return lines.join("\n");
  });
  return `${blocks.join("\n\n")}\n`;
}
