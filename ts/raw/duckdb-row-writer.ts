import { jsonLines, jsonRowsSource } from "../engine/duckdb-json-rows.ts";
import type { WarehouseSession } from "../engine/warehouse.ts";
import type { RawRow } from "./payload-kind.ts";
import type { FileProvenance, RowChanges } from "./raw-store.ts";
import {
  BOUND_PROVENANCE_COLUMNS,
  duckDbType,
  qualifiedRawTable,
  quoteIdentifier,
  type RawTableSpec,
} from "./raw-tables.ts";

const SUPERSEDED = "superseded_rows";
const INCOMING = "raw_incoming";
const AFFECTED = "raw_affected_keys";
const POOL = "raw_key_pool";

/**
 * Replaces every row of one source file with `rows` (each carrying source_line), set-based, inside the caller's
 * transaction. Keyed tables keep one row per natural key across files: the rows of this load win their keys, a row
 * of another file with the same key moves to nba_raw.superseded_rows (kept whole), and a superseded row whose key
 * this file no longer holds comes back (the most recently loaded candidate wins). Keyless tables are keyed by
 * (source_file, source_line). All rows travel in one bound JSON parameter; SQL text is built from declared names.
 */
export async function replaceFileRows(
  session: WarehouseSession,
  datasetPrefix: string,
  spec: RawTableSpec,
  provenance: FileProvenance,
  rows: readonly RawRow[],
): Promise<RowChanges> {
  const table = qualifiedRawTable(datasetPrefix, spec.name);
  const jsonColumns = spec.columns
    .filter((c) => !BOUND_PROVENANCE_COLUMNS.has(c.name))
    .map((c) => ({ name: c.name, duckDbType: duckDbType(c.type) }));
  const select = `SELECT ${selectFromJson(spec, "CAST($source_file AS VARCHAR)", "CAST($source_hash AS VARCHAR)", "CAST($loaded_at AS TIMESTAMP)")}
     FROM ${jsonRowsSource(jsonColumns)}`;
  await session.execute(`DROP TABLE IF EXISTS ${INCOMING}`);
  // The first chunk creates the table with the declared types (an empty file: no row, same columns).
  const [first = "", ...more] = jsonLines(rows as Record<string, unknown>[], jsonColumns);
  await session.execute(`CREATE TEMP TABLE ${INCOMING} AS ${select}`, {
    params: { rows: first, ...provenanceParams(provenance) },
  });
  for (const chunk of more) {
    await session.execute(`INSERT INTO ${INCOMING} ${select}`, {
      params: { rows: chunk, ...provenanceParams(provenance) },
    });
  }
  try {
    const changes = spec.key
      ? await resolveKeys(session, datasetPrefix, spec, provenance, {
          sourceFile: provenance.sourceFile,
          incoming: true,
        })
      : await replaceKeyless(session, table, provenance.sourceFile);
    if (changes.inserted !== rows.length)
      throw new Error(`${spec.name}: inserted ${changes.inserted} rows for ${rows.length} parsed rows`);
    return changes;
  } finally {
    await session.execute(`DROP TABLE IF EXISTS ${INCOMING}`);
  }
}

/** Removes every row of one source file (and its superseded rows), restoring rows it had superseded. */
export async function removeFileRows(
  session: WarehouseSession,
  datasetPrefix: string,
  spec: RawTableSpec,
  sourceFile: string,
  at: string,
): Promise<RowChanges> {
  if (!spec.key) return replaceKeyless(session, qualifiedRawTable(datasetPrefix, spec.name), sourceFile, false);
  return resolveKeys(
    session,
    datasetPrefix,
    spec,
    { sourceFile, sourceHash: "", loadedAt: at },
    { sourceFile, incoming: false },
  );
}

async function replaceKeyless(
  session: WarehouseSession,
  table: string,
  sourceFile: string,
  insert = true,
): Promise<RowChanges> {
  const replaced = await session.execute(`DELETE FROM ${table} WHERE source_file = $source_file`, {
    params: { source_file: sourceFile },
  });
  const inserted = insert ? await session.execute(`INSERT INTO ${table} SELECT * FROM ${INCOMING}`) : 0;
  return { replaced, inserted, displaced: 0, restored: 0 };
}

/**
 * One row per natural key for every key this change touches (the incoming rows' keys and the keys the file held):
 * pool = incoming rows + other files' rows holding those keys + other files' superseded rows with those keys;
 * rank per key (incoming first, then latest loaded_at, then source_file); rank 1 goes to the table, the rest to
 * superseded_rows naming the winner.
 */
async function resolveKeys(
  session: WarehouseSession,
  datasetPrefix: string,
  spec: RawTableSpec,
  provenance: FileProvenance,
  change: { sourceFile: string; incoming: boolean },
): Promise<RowChanges> {
  const table = qualifiedRawTable(datasetPrefix, spec.name);
  const superseded = qualifiedRawTable(datasetPrefix, SUPERSEDED);
  const columns = spec.columns.map((c) => quoteIdentifier(c.name)).join(", ");
  const params = { source_file: change.sourceFile, table_name: spec.name };
  const keyOf = (alias: string) =>
    `CAST(to_json(list_value(${spec.key!.map((k) => `CAST(${alias}.${quoteIdentifier(k)} AS VARCHAR)`).join(", ")})) AS VARCHAR)`;
  // Only the superseded rows of the touched keys are decoded.
  const decodedSuperseded = `(SELECT s.natural_key, s.source_file AS superseded_file, unnest(from_json(s.row_json, '${jsonStructure(spec, true)}'), recursive := true)
       FROM ${superseded} s WHERE s.table_name = $table_name AND s.natural_key IN (SELECT natural_key FROM ${AFFECTED}))`;

  await session.execute(`DROP TABLE IF EXISTS ${AFFECTED}`);
  await session.execute(`DROP TABLE IF EXISTS ${POOL}`);
  try {
    await session.execute(
      `CREATE TEMP TABLE ${AFFECTED} AS
       SELECT ${keyOf("t")} AS natural_key FROM ${table} t WHERE t.source_file = $source_file
       ${change.incoming ? `UNION SELECT ${keyOf("i")} FROM ${INCOMING} i` : ""}`,
      { params: { source_file: change.sourceFile } },
    );
    await session.execute(
      `CREATE TEMP TABLE ${POOL} AS
       SELECT *, row_number() OVER (PARTITION BY natural_key ORDER BY from_incoming DESC, loaded_at DESC, source_file DESC, source_line) AS key_rank,
              first_value(source_file) OVER (PARTITION BY natural_key ORDER BY from_incoming DESC, loaded_at DESC, source_file DESC, source_line) AS key_winner
       FROM (
         ${change.incoming ? `SELECT ${columns}, ${keyOf("i")} AS natural_key, 1 AS from_incoming, FALSE AS from_table FROM ${INCOMING} i UNION ALL` : ""}
         SELECT ${columns}, ${keyOf("t")} AS natural_key, 0 AS from_incoming, TRUE AS from_table FROM ${table} t
           WHERE t.source_file <> $source_file AND ${keyOf("t")} IN (SELECT natural_key FROM ${AFFECTED})
         UNION ALL
         SELECT ${columns}, natural_key, 0 AS from_incoming, FALSE AS from_table FROM ${decodedSuperseded}
           WHERE superseded_file <> $source_file
       )`,
      { params },
    );
    const replacedInTable = await session.execute(`DELETE FROM ${table} WHERE source_file = $source_file`, {
      params: { source_file: change.sourceFile },
    });
    const replacedSuperseded = await session.execute(
      `DELETE FROM ${superseded} WHERE table_name = $table_name AND source_file = $source_file`,
      { params },
    );
    await session.execute(`DELETE FROM ${table} t WHERE ${keyOf("t")} IN (SELECT natural_key FROM ${AFFECTED})`);
    await session.execute(
      `DELETE FROM ${superseded} WHERE table_name = $table_name AND natural_key IN (SELECT natural_key FROM ${AFFECTED})`,
      { params: { table_name: spec.name } },
    );
    await session.execute(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM ${POOL} WHERE key_rank = 1`);
    const rowJson = `CAST(to_json(struct_pack(${spec.columns.map((c) => `${quoteIdentifier(c.name)} := ${quoteIdentifier(c.name)}`).join(", ")})) AS VARCHAR)`;
    await session.execute(
      `INSERT INTO ${superseded} (table_name, natural_key, source_file, source_line, source_hash, loaded_at, superseded_by, superseded_at, row_json)
       SELECT $table_name, natural_key, source_file, source_line, source_hash, loaded_at, key_winner, CAST($at AS TIMESTAMP), ${rowJson}
       FROM ${POOL} WHERE key_rank > 1`,
      { params: { table_name: spec.name, at: provenance.loadedAt } },
    );
    const [counts] = await session.query<{ inserted: number; displaced: number; restored: number }>(
      `SELECT count(*) FILTER (WHERE from_incoming = 1) AS inserted,
              count(*) FILTER (WHERE from_table AND key_rank > 1) AS displaced,
              count(*) FILTER (WHERE NOT from_table AND from_incoming = 0 AND key_rank = 1) AS restored
       FROM ${POOL}`,
    );
    return {
      replaced: replacedInTable + replacedSuperseded,
      inserted: Number(counts?.inserted ?? 0),
      displaced: Number(counts?.displaced ?? 0),
      restored: Number(counts?.restored ?? 0),
    };
  } finally {
    await session.execute(`DROP TABLE IF EXISTS ${AFFECTED}`);
    await session.execute(`DROP TABLE IF EXISTS ${POOL}`);
  }
}

function provenanceParams(p: FileProvenance) {
  return { source_file: p.sourceFile, source_hash: p.sourceHash, loaded_at: p.loadedAt };
}

/** The from_json structure literal: built from declared column names/types only (never from data). */
function jsonStructure(spec: RawTableSpec, withProvenance: boolean): string {
  const columns = spec.columns.filter((c) => withProvenance || !BOUND_PROVENANCE_COLUMNS.has(c.name));
  return JSON.stringify(Object.fromEntries(columns.map((c) => [c.name, duckDbType(c.type)])));
}

function selectFromJson(spec: RawTableSpec, sourceFile: string, sourceHash: string, loadedAt: string): string {
  return spec.columns
    .map((c) => {
      const name = quoteIdentifier(c.name);
      if (c.name === "source_file") return `${sourceFile} AS ${name}`;
      if (c.name === "source_hash") return `${sourceHash} AS ${name}`;
      if (c.name === "loaded_at") return `${loadedAt} AS ${name}`;
      return name;
    })
    .join(", ");
}
