import { createRequire } from "node:module";
import type { SqlParam, TableSpec, Warehouse } from "../engine/warehouse.ts";
import type { BigQueryType } from "../raw/raw-tables.ts";

interface OutputModule {
  SCHEMA: string;
  NAME: string;
  KEY: string[];
  PARTITION_BY: string;
  CLUSTER_BY: string[];
  COLUMNS: [string, BigQueryType, string][];
}

/** includes/predictions_output.js: the one column list of nba_predictions.player_prop_predictions. */
export const OUTPUT = createRequire(import.meta.url)("../../includes/predictions_output.js") as OutputModule;
export const OUTPUT_COLUMNS = OUTPUT.COLUMNS.map(([name]) => name);

export type PredictionRow = Record<(typeof OUTPUT_COLUMNS)[number], SqlParam>;

/** The table as declared (includes/predictions_output.js), with its BigQuery partitioning and clustering. */
export function predictionTableSpec(prefix: string): TableSpec {
  return {
    schema: prefix + OUTPUT.SCHEMA,
    name: OUTPUT.NAME,
    columns: OUTPUT.COLUMNS.map(([name, type, description]) => ({ name, type, description })),
    partitionBy: OUTPUT.PARTITION_BY,
    clusterBy: OUTPUT.CLUSTER_BY,
  };
}

/** Creates the schema and the table from its declared columns when missing (through the Warehouse port). */
export async function ensurePredictionTable(warehouse: Warehouse, prefix: string): Promise<void> {
  await warehouse.ensureTables([predictionTableSpec(prefix)]);
}

/**
 * Writes one batch: one MERGE on the key replaces or inserts its rows, and rows of the batch's player-games that
 * the batch no longer produces (a system now skipped) are removed, in one transaction (the Warehouse port's
 * mergeRows), so a rerun replaces and never duplicates. Returns the rows inserted or changed.
 */
export async function mergePredictions(warehouse: Warehouse, prefix: string, rows: PredictionRow[]): Promise<number> {
  return warehouse.mergeRows(predictionTableSpec(prefix), rows, {
    key: OUTPUT.KEY,
    replaceGroupsBy: ["game_id", "player_id"],
    labels: { phase: "predictions" },
  });
}

/** The parts of a row that decide whether a rerun must rewrite it: feature hash, line and model. */
export function rowFingerprint(r: {
  market: unknown;
  system_id: unknown;
  data_hash: unknown;
  line_value: unknown;
  model_version: unknown;
}): string {
  return [
    r.market,
    r.system_id,
    r.data_hash,
    r.line_value === null || r.line_value === undefined ? "" : Number(r.line_value),
    r.model_version,
  ].join(":");
}

export const playerGameKey = (gameId: unknown, playerId: unknown) => `${gameId}|${playerId}`;

/** Fingerprint of every stored player-game of a date range (sorted row fingerprints), read in one query. */
export async function storedFingerprints(
  warehouse: Warehouse,
  prefix: string,
  from: string,
  to: string,
): Promise<Map<string, string>> {
  const spec = predictionTableSpec(prefix);
  const rows = await warehouse.queryGoogleSql<Record<string, unknown>>(
    `SELECT game_id, player_id, market, system_id, data_hash, line_value, model_version
     FROM ${warehouse.tablePath(spec.schema, spec.name)}
     WHERE game_date BETWEEN CAST(@from_date AS DATE) AND CAST(@to_date AS DATE)`,
    { params: { from_date: from, to_date: to }, labels: { action: "prediction_fingerprints" } },
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
