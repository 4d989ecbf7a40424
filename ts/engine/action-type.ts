import type { CompiledTable } from "./graph.ts";

/**
 * The kinds of action, in Dataform's own words (`type: "operations"`), shared by the runner (ts/engine) and the
 * BigQuery check (ts/check). A materialised view is built like a table.
 */
export type ActionType = "table" | "view" | "incremental" | "operations" | "assertion" | "declaration";

export function tableActionType(t: CompiledTable): ActionType | undefined {
  switch (t.enumType) {
    case "TABLE":
      return "table";
    case "INCREMENTAL":
      return "incremental";
    case "VIEW":
      return t.materialized ? "table" : "view";
    default:
      return undefined;
  }
}
