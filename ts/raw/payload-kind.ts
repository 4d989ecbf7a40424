import type { z } from "zod";
import type { ReferenceContext } from "./reference-context.ts";

export type RawValue = string | number | boolean | null;
export type RawRow = Record<string, RawValue>;

/** Lets a parser reject the record it is converting: the field (source column) and why. */
export interface RowContext extends ReferenceContext {
  reject(field: string, message: string): void;
}

/** Which reference data a kind's parser consults; the loader refuses to parse before it is loaded. */
export type ReferenceNeed = "teams" | "players";

/**
 * One kind of raw payload: where its files live, the exact source header, the zod schema of one record, how a
 * valid record becomes a row of its raw table, and the order it loads in (reference data first).
 */
export interface PayloadKind {
  name: string;
  table: string;
  /** Matches the file's path (relative to the data directory, or any path ending in the kind's folder/file). */
  pathPattern: RegExp;
  /** The source header, in order. */
  columns: readonly string[];
  needs: readonly ReferenceNeed[];
  /** Lower loads first: 0 reference tables, 1 the player registry (box scores), 2 the rest, 3 name-resolved props. */
  loadOrder: number;
  /** Converts one source record (header → text). Returns null when it rejected the record (issues reported). */
  parse(record: Record<string, string>, context: RowContext): RawRow | null;
}

export interface PayloadKindDefinition<Schema extends z.ZodObject> {
  name: string;
  table: string;
  pathPattern: RegExp;
  schema: Schema;
  needs?: readonly ReferenceNeed[];
  loadOrder: number;
  toRow(record: z.output<Schema>, context: RowContext): RawRow;
}

/** Builds a PayloadKind from a zod record schema (whose keys are the source header) and a row converter. */
export function definePayloadKind<Schema extends z.ZodObject>(definition: PayloadKindDefinition<Schema>): PayloadKind {
  return {
    name: definition.name,
    table: definition.table,
    pathPattern: definition.pathPattern,
    columns: Object.keys(definition.schema.shape),
    needs: definition.needs ?? [],
    loadOrder: definition.loadOrder,
    parse(record, context) {
      const parsed = definition.schema.safeParse(record);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) context.reject(String(issue.path[0] ?? ""), issue.message);
        return null;
      }
      let rejected = false;
      const row = definition.toRow(parsed.data, {
        ...context,
        reject(field, message) {
          rejected = true;
          context.reject(field, message);
        },
      });
      return rejected ? null : row;
    },
  };
}

/** `<folder>/<name>.csv[.gz]` anywhere in a path. */
export function folderPattern(folder: string): RegExp {
  return new RegExp(`(^|/)${folder.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/[^/]+\\.csv(\\.gz)?$`);
}
