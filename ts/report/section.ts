import type { Warehouse } from "../engine/warehouse.ts";
import type { Catalog } from "./catalog.ts";

export interface ReportContext {
  warehouse: Warehouse;
  catalog: Catalog;
}

/** One section of the report: rendered only when `present` says its tables exist. */
export interface Section {
  id: string;
  title: string;
  present(catalog: Catalog): boolean;
  render(ctx: ReportContext): Promise<string>;
}

/** A run's label on an axis: its start, to the second, UTC. */
export const runLabel = (startedMs: number): string => new Date(startedMs).toISOString().slice(0, 19).replace("T", " ");

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
