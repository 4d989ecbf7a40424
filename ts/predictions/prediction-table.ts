import fs from "node:fs";
import { quoteIdent } from "../engine/dml.ts";
import type { WarehouseSession, Warehouse, SqlParam } from "../engine/warehouse.ts";
import { duckDbType, type BigQueryType } from "../raw/raw-tables.ts";

interface OutputModule {
  SCHEMA: string;
  NAME: string;
  KEY: string[];
  COLUMNS: [string, BigQueryType, string][];
}

function loadModule(): OutputModule {
  const module = { exports: {} as unknown };
  new Function("module", "exports", fs.readFileSync(new URL("../../includes/predictions_output.js", import.meta.url), "utf8"))(module, module.exports);
  return module.exports as OutputModule;
}

/** includes/predictions_output.js: the one column list of nba_predictions.player_prop_predictions. */
export const OUTPUT = loadModule();
export const OUTPUT_COLUMNS = OUTPUT.COLUMNS.map(([name]) => name);

export type PredictionRow = Record<(typeof OUTPUT_COLUMNS)[number], SqlParam>;

export const outputTable = (prefix: string) => `${quoteIdent(prefix + OUTPUT.SCHEMA)}.${quoteIdent(OUTPUT.NAME)}`;

/** Creates the schema and the table from its declared columns when missing (DuckDB types mapped from BigQuery's). */
export async function ensurePredictionTable(warehouse: WarehouseSession, prefix: string): Promise<void> {
  await warehouse.execute(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(prefix + OUTPUT.SCHEMA)}`);
  const columns = OUTPUT.COLUMNS.map(([n, t]) => `${quoteIdent(n)} ${duckDbType(t)}${OUTPUT.KEY.includes(n) ? " NOT NULL" : ""}`);
  await warehouse.execute(`CREATE TABLE IF NOT EXISTS ${outputTable(prefix)} (${columns.join(", ")})`);
}

const STAGE = "player_prop_predictions_stage";
/** The from_json structure of one output row, from the declared column list. */
const ROW_STRUCTURE = `{${OUTPUT.COLUMNS.map(([name, type]) => `"${name}":"${duckDbType(type)}"`).join(",")}}`;

/**
 * Writes one batch: the rows go to a staging table, then one MERGE on the key replaces or inserts them, and rows
 * of the batch's player-games that the batch no longer produces (a system now skipped) are removed. All in one
 * transaction, so a rerun replaces and never duplicates. Returns the rows inserted or changed.
 */
export async function mergePredictions(warehouse: Warehouse, prefix: string, rows: PredictionRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const target = outputTable(prefix);
  const cols = OUTPUT_COLUMNS.map(quoteIdent);
  const key = OUTPUT.KEY.map(quoteIdent);
  return warehouse.transaction(async (s) => {
    await s.execute(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(STAGE)} AS SELECT * FROM ${target} WHERE 1 = 0`);
    // All rows travel in one bound JSON parameter, typed by the declared columns (names and types from the column
    // list, never from data): one statement per batch instead of thousands of bound cells.
    await s.execute(
      `INSERT INTO ${quoteIdent(STAGE)} (${cols.join(", ")})
       SELECT ${cols.join(", ")} FROM (SELECT unnest(from_json($rows::JSON, '[${ROW_STRUCTURE}]'), recursive := true))`,
      { params: { rows: JSON.stringify(rows.map((row) => Object.fromEntries(OUTPUT_COLUMNS.map((c) => [c, row[c] ?? null])))) } },
    );
    const sameKey = key.map((k) => `T.${k} = S.${k}`).join(" AND ");
    await s.execute(
      `DELETE FROM ${target} AS T
       WHERE EXISTS (SELECT 1 FROM ${quoteIdent(STAGE)} AS S WHERE S.game_id = T.game_id AND S.player_id = T.player_id)
         AND NOT EXISTS (SELECT 1 FROM ${quoteIdent(STAGE)} AS S WHERE ${sameKey})`,
    );
    const changed = await s.execute(
      [
        `MERGE INTO ${target} AS T USING ${quoteIdent(STAGE)} AS S ON ${sameKey}`,
        `WHEN MATCHED THEN UPDATE SET ${cols.map((c) => `${c} = S.${c}`).join(", ")}`,
        `WHEN NOT MATCHED THEN INSERT (${cols.join(", ")}) VALUES (${cols.map((c) => `S.${c}`).join(", ")})`,
      ].join("\n"),
    );
    await s.execute(`DROP TABLE IF EXISTS ${quoteIdent(STAGE)}`);
    return changed;
  });
}

/** The parts of a row that decide whether a rerun must rewrite it: feature hash, line and model. */
export function rowFingerprint(r: { market: unknown; system_id: unknown; data_hash: unknown; line_value: unknown; model_version: unknown }): string {
  return [r.market, r.system_id, r.data_hash, r.line_value === null || r.line_value === undefined ? "" : Number(r.line_value), r.model_version].join(":");
}

export const playerGameKey = (gameId: unknown, playerId: unknown) => `${gameId}|${playerId}`;

/** Fingerprint of every stored player-game of a date range (sorted row fingerprints), read in one query. */
export async function storedFingerprints(warehouse: Warehouse, prefix: string, from: string, to: string): Promise<Map<string, string>> {
  const rows = await warehouse.query<Record<string, unknown>>(
    `SELECT game_id, player_id, market, system_id, data_hash, line_value, model_version
     FROM ${outputTable(prefix)}
     WHERE game_date BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)`,
    { params: { from, to } },
  );
  return fingerprintsOf(rows);
}

export function fingerprintsOf(rows: Record<string, unknown>[]): Map<string, string> {
  const parts = new Map<string, string[]>();
  for (const r of rows) {
    const k = playerGameKey(r.game_id, r.player_id);
    parts.set(k, [...(parts.get(k) ?? []), rowFingerprint(r as never)]);
  }
  return new Map([...parts].map(([k, v]) => [k, v.sort().join("|")]));
}
