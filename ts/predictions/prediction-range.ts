import { quoteIdent } from "../engine/dml.ts";
import type { Warehouse } from "../engine/warehouse.ts";
import { FEATURE_TABLE } from "./feature-store.ts";

export type PredictionRange = { ok: true; from: string; to: string } | { ok: false; reason: string };

/** The shipped range the main job predicts: from the first game with a real pre-game line to the last feature row. */
export async function predictionRange(warehouse: Warehouse, prefix: string): Promise<PredictionRange> {
  const tables = await warehouse.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $schema AND table_name IN ($features, 'pregame_prop_lines')`,
    { params: { schema: prefix + FEATURE_TABLE.schema, features: FEATURE_TABLE.name } },
  );
  const names = new Set(tables.map((t) => t.table_name));
  if (!names.has(FEATURE_TABLE.name))
    return { ok: false, reason: `${prefix}${FEATURE_TABLE.schema}.${FEATURE_TABLE.name} (phase 4) does not exist yet` };
  if (!names.has("pregame_prop_lines"))
    return { ok: false, reason: "nba_predictions.pregame_prop_lines does not exist (run the graph first)" };
  const schema = quoteIdent(prefix + FEATURE_TABLE.schema);
  const [r] = await warehouse.query<{ first_line: string | null; last_feature: string | null }>(
    `SELECT (SELECT MIN(game_date) FROM ${schema}.${quoteIdent("pregame_prop_lines")}) AS first_line,
            (SELECT MAX(game_date) FROM ${schema}.${quoteIdent(FEATURE_TABLE.name)}) AS last_feature`,
  );
  if (!r?.first_line || !r.last_feature) return { ok: false, reason: "no pre-game line or no feature row" };
  const from = String(r.first_line).slice(0, 10);
  const to = String(r.last_feature).slice(0, 10);
  return to < from
    ? { ok: false, reason: `no feature row on or after the first line (${from})` }
    : { ok: true, from, to };
}

/** The game dates of the window that have feature rows, oldest first (the walk-forward's months come from these). */
export async function featureDates(warehouse: Warehouse, prefix: string, from: string, to: string): Promise<string[]> {
  const rows = await warehouse.query<{ d: string }>(
    `SELECT DISTINCT CAST(game_date AS VARCHAR) AS d FROM ${quoteIdent(prefix + FEATURE_TABLE.schema)}.${quoteIdent(FEATURE_TABLE.name)}
     WHERE game_date BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) ORDER BY d`,
    { params: { from, to } },
  );
  return rows.map((r) => r.d.slice(0, 10));
}
