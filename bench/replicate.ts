import path from "node:path";
import { quoteIdent } from "../ts/engine/dml.ts";
import type { DuckDbWarehouse } from "../ts/engine/duckdb-warehouse.ts";

/**
 * Scaled data for the scaling figure: the shipped raw tables replicated n times inside a scratch warehouse. Copy k
 * (1..n-1) is the shipped data moved 4k years later (the shipped range is four seasons) with fresh ids: game ids
 * keep their type prefix and take the shifted season digits, player ids gain two digits, names and lookups a
 * suffix, so copies never collide and every join stays within one copy. Reference tables are not copied.
 */
const NOT_COPIED = new Set(["team_crosswalk", "player_aliases", "load_log"]);
const YEARS_PER_COPY = 4;

/** Writes the raw tables of `from` to Parquet files in dir (read back by `loadReplicated`). */
export async function exportRaw(from: DuckDbWarehouse, dir: string): Promise<string[]> {
  const tables = (
    await from.query<{ t: string }>(
      "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'nba_raw' ORDER BY 1",
    )
  ).map((r) => r.t);
  for (const t of tables) {
    await from.execute(`COPY nba_raw.${quoteIdent(t)} TO '${parquetPath(dir, t)}' (FORMAT parquet)`);
  }
  return tables;
}

const parquetPath = (dir: string, table: string) => path.join(dir, `${table}.parquet`).replaceAll("'", "''");

/** Creates nba_raw in `into` holding n copies of the exported tables; returns the number of raw rows. */
export async function loadReplicated(into: DuckDbWarehouse, dir: string, tables: string[], n: number): Promise<number> {
  await into.execute("CREATE SCHEMA IF NOT EXISTS nba_raw");
  let rows = 0;
  for (const t of tables) {
    const source = `read_parquet('${parquetPath(dir, t)}')`;
    await into.execute(`CREATE TABLE nba_raw.${quoteIdent(t)} AS SELECT * FROM ${source}`);
    if (!NOT_COPIED.has(t)) {
      const columns = await into.query<{ name: string; type: string }>(
        "SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = 'nba_raw' AND table_name = $t ORDER BY ordinal_position",
        { params: { t } },
      );
      for (let k = 1; k < n; k++) {
        const select = columns.map((c) => `${copyExpression(c.name, c.type, k)} AS ${quoteIdent(c.name)}`).join(", ");
        await into.execute(`INSERT INTO nba_raw.${quoteIdent(t)} SELECT ${select} FROM ${source}`);
      }
    }
    rows += Number((await into.query<{ n: number }>(`SELECT COUNT(*) AS n FROM nba_raw.${quoteIdent(t)}`))[0]!.n);
  }
  return rows;
}

/** The value of a column in copy k (k is a small integer, never outside input). */
export function copyExpression(name: string, type: string, k: number): string {
  const c = quoteIdent(name);
  const years = YEARS_PER_COPY * k;
  if (type === "DATE") return `CAST(${c} + INTERVAL ${years} YEAR AS DATE)`;
  if (type.startsWith("TIMESTAMP") && name !== "loaded_at") return `${c} + INTERVAL ${years} YEAR`;
  switch (name) {
    case "season":
      return `CASE WHEN regexp_full_match(${c}, '\\d{4}-\\d{2}') THEN CAST(CAST(substr(${c}, 1, 4) AS INTEGER) + ${years} AS VARCHAR) || '-' || lpad(CAST((CAST(substr(${c}, 1, 4) AS INTEGER) + ${years} + 1) % 100 AS VARCHAR), 2, '0') ELSE ${c} END`;
    case "season_id":
      return `CASE WHEN regexp_full_match(${c}, '\\d{5}') THEN substr(${c}, 1, 1) || CAST(CAST(substr(${c}, 2, 4) AS INTEGER) + ${years} AS VARCHAR) ELSE ${c} END`;
    case "game_id":
      return `CASE WHEN regexp_full_match(${c}, '\\d{10}') THEN substr(${c}, 1, 3) || lpad(CAST((CAST(substr(${c}, 4, 2) AS INTEGER) + ${years}) % 100 AS VARCHAR), 2, '0') || substr(${c}, 6) ELSE ${c} || '-r${k}' END`;
    case "player_id":
    case "nba_player_id":
      return `${c} || '${String(k).padStart(2, "0")}'`;
    case "player_lookup":
    case "alias_lookup":
    case "player_name":
      return `${c} || ' r${k}'`;
    case "event_id":
      return `${c} || '-r${k}'`;
    case "source_file":
      return `${c} || '#r${k}'`;
    default:
      return c;
  }
}

/** The backfill window of n copies: the shipped window, its end moved by the copies' shift. */
export function scaledWindow(
  base: { start_date: string; end_date: string },
  n: number,
): { start_date: string; end_date: string } {
  const end = new Date(`${base.end_date}T00:00:00Z`);
  end.setUTCFullYear(end.getUTCFullYear() + YEARS_PER_COPY * (n - 1));
  return { start_date: base.start_date, end_date: end.toISOString().slice(0, 10) };
}
