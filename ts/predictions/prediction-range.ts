import type { Warehouse } from "../engine/warehouse.ts";
import { FEATURE_TABLE } from "./feature-store.ts";

export type PredictionRange = { ok: true; from: string; to: string } | { ok: false; reason: string };

const LINES_TABLE = "pregame_prop_lines";

/** The shipped range the main job predicts: from the first game with a real pre-game line to the last feature row. */
export async function predictionRange(warehouse: Warehouse, prefix: string): Promise<PredictionRange> {
  const schema = prefix + FEATURE_TABLE.schema;
  if (!(await warehouse.tableExists(schema, FEATURE_TABLE.name)))
    return { ok: false, reason: `${prefix}${FEATURE_TABLE.schema}.${FEATURE_TABLE.name} (phase 4) does not exist yet` };
  if (!(await warehouse.tableExists(schema, LINES_TABLE)))
    return { ok: false, reason: "nba_predictions.pregame_prop_lines does not exist (run the graph first)" };
  const [r] = await warehouse.queryGoogleSql<{ first_line: string | null; last_feature: string | null }>(
    `SELECT (SELECT MIN(game_date) FROM ${warehouse.tablePath(schema, LINES_TABLE)}) AS first_line,
            (SELECT MAX(game_date) FROM ${warehouse.tablePath(schema, FEATURE_TABLE.name)}) AS last_feature`,
    { labels: { action: "prediction_range" } },
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
  const rows = await warehouse.queryGoogleSql<{ d: string }>(
    `SELECT DISTINCT CAST(game_date AS STRING) AS d FROM ${warehouse.tablePath(prefix + FEATURE_TABLE.schema, FEATURE_TABLE.name)}
     WHERE game_date BETWEEN CAST(@from_date AS DATE) AND CAST(@to_date AS DATE) ORDER BY d`,
    { params: { from_date: from, to_date: to }, labels: { action: "feature_dates" } },
  );
  return rows.map((r) => r.d.slice(0, 10));
}
