import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DUCKDB_PRELUDE } from "../../ts/engine/dialect/prelude.ts";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { StatementTranslator } from "../../ts/engine/statement-translator.ts";

export const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/engine-project");

export function tempDir(prefix = "nbap-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A copy of a fixture project (links resolved) that a test may change. */
export function copyProject(from = FIXTURE): string {
  const dir = tempDir("nbap-project-");
  fs.cpSync(from, dir, { recursive: true, dereference: true });
  return dir;
}

export interface EventRow {
  player_id: string;
  game_date: string;
  points: number;
}

/** The fixture's one declared source, fx_raw.events, filled with the given rows. */
export async function seedEvents(w: DuckDbWarehouse, rows: EventRow[], prefix = ""): Promise<void> {
  await w.execute(`CREATE SCHEMA IF NOT EXISTS "${prefix}fx_raw"`);
  await w.execute(
    `CREATE OR REPLACE TABLE "${prefix}fx_raw"."events" (player_id VARCHAR, game_date DATE, points BIGINT)`,
  );
  for (const r of rows) {
    await w.execute(`INSERT INTO "${prefix}fx_raw"."events" VALUES ($p, CAST($d AS DATE), $n)`, {
      params: { p: r.player_id, d: r.game_date, n: r.points },
    });
  }
}

export const BASE_EVENTS: EventRow[] = [
  { player_id: "p1", game_date: "2024-01-07", points: 10 },
  { player_id: "p1", game_date: "2024-01-07", points: 5 },
  { player_id: "p2", game_date: "2024-01-08", points: 20 },
  { player_id: "p2", game_date: "2024-01-09", points: 0 },
];

/** An in-memory DuckDB with the prelude and a running translator, as the runner has them; the caller closes both. */
export async function translatingWarehouse(): Promise<{ warehouse: DuckDbWarehouse; translator: StatementTranslator }> {
  const [warehouse, translator] = await Promise.all([DuckDbWarehouse.open(":memory:"), StatementTranslator.start()]);
  for (const statement of DUCKDB_PRELUDE) await warehouse.execute(statement);
  return { warehouse, translator };
}
