import type { WarehouseSession } from "../engine/warehouse.ts";
import type { RawRow } from "./payload-kind.ts";
import { duckDbType, qualifiedRawTable, quoteIdentifier, type RawTableSpec } from "./raw-tables.ts";

export interface FileProvenance {
  sourceFile: string;
  sourceHash: string;
  loadedAt: string;
}

const BOUND_PROVENANCE = new Set(["source_file", "source_hash", "loaded_at"]);

/** The columns a parser must produce for a table (source_line is added by the loader). */
export function parsedColumns(spec: RawTableSpec): string[] {
  return spec.columns.map((c) => c.name).filter((c) => !BOUND_PROVENANCE.has(c) && c !== "source_line");
}

/**
 * Replaces every row of one source file with `rows` (each carrying source_line), set-based: one DELETE and one
 * INSERT … SELECT that reads all rows from a single bound JSON parameter. Run it inside a transaction.
 */
export async function replaceFileRows(
  session: WarehouseSession,
  datasetPrefix: string,
  spec: RawTableSpec,
  provenance: FileProvenance,
  rows: readonly RawRow[],
): Promise<{ deleted: number; inserted: number }> {
  const table = qualifiedRawTable(datasetPrefix, spec.name);
  const deleted = await session.execute(`DELETE FROM ${table} WHERE source_file = $source_file`, {
    params: { source_file: provenance.sourceFile },
  });
  if (rows.length === 0) return { deleted, inserted: 0 };
  const fromJson = spec.columns.filter((c) => !BOUND_PROVENANCE.has(c.name));
  // The structure literal is built from declared column names/types only (never from data).
  const structure = JSON.stringify(Object.fromEntries(fromJson.map((c) => [c.name, duckDbType(c.type)])));
  const selectList = spec.columns.map((c) =>
    c.name === "source_file" ? "$source_file" : c.name === "source_hash" ? "$source_hash" : c.name === "loaded_at" ? "CAST($loaded_at AS TIMESTAMP)" : quoteIdentifier(c.name),
  );
  const inserted = await session.execute(
    `INSERT INTO ${table} (${spec.columns.map((c) => quoteIdentifier(c.name)).join(", ")})
     SELECT ${selectList.join(", ")}
     FROM (SELECT unnest(from_json(record, '${structure}'), recursive := true)
           FROM (SELECT unnest(from_json($rows::JSON, '["JSON"]')) AS record))`,
    {
      params: {
        rows: JSON.stringify(rows),
        source_file: provenance.sourceFile,
        source_hash: provenance.sourceHash,
        loaded_at: provenance.loadedAt,
      },
    },
  );
  if (inserted !== rows.length) throw new Error(`${spec.name}: inserted ${inserted} rows for ${rows.length} parsed rows`);
  return { deleted, inserted };
}
