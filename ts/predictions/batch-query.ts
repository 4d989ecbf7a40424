import type { Warehouse } from "../engine/warehouse.ts";
import { FEATURE_NAMES, FEATURE_TABLE } from "./feature-store.ts";
import type { Market } from "./types.ts";

/** Days of earlier games loaded for the similarity system (spec: 90). */
export const HISTORY_DAYS = 90;

const STATS: Record<Market, string> = {
  points: "points",
  rebounds: "total_rebounds",
  assists: "assists",
  pra: "(points + total_rebounds + assists)",
};

const column = (name: string) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`refusing unsafe column name "${name}"`);
  return `\`${name}\``;
};

/** Running aggregates of one market over a player's appearances of the season, up to and including each one. */
function statWindows(market: Market): string {
  const over = (frame: string) => `OVER (PARTITION BY player_lookup, season ORDER BY game_date, game_id ROWS ${frame})`;
  const s = STATS[market];
  return [
    `AVG(${s}) ${over("BETWEEN 4 PRECEDING AND CURRENT ROW")} AS ${market}_avg_last_5`,
    `AVG(${s}) ${over("BETWEEN 9 PRECEDING AND CURRENT ROW")} AS ${market}_avg_last_10`,
    `AVG(${s}) ${over("UNBOUNDED PRECEDING")} AS ${market}_avg_season`,
    `STDDEV_SAMP(${s}) ${over("BETWEEN 9 PRECEDING AND CURRENT ROW")} AS ${market}_std_last_10`,
  ].join(",\n    ");
}

const MARKET_LIST: Market[] = ["points", "rebounds", "assists", "pra"];

/**
 * The coordinator's one batch query for a date range: every player of the pre-game universe on the dates
 * [@from_date, @to_date] (upcoming_player_game_context, which already excludes players ruled out) with his feature row,
 * each market's own history entering the game (same season, games strictly before the date), the pre-game
 * lines and, for the similarity system and for training labels, every feature row of the 90 days before
 * (@history_from) with the game's actual values. Rows are keyed (game_id, player_lookup); `is_target` marks the
 * rows to predict. GoogleSQL for the Warehouse port; parameters: @from_date, @to_date, @history_from (YYYY-MM-DD),
 * @feature_version.
 */
export function batchQuery(warehouse: Pick<Warehouse, "tablePath">, prefix: string): string {
  const table = (schema: string, name: string) => warehouse.tablePath(prefix + schema, name);
  const fs = table(FEATURE_TABLE.schema, FEATURE_TABLE.name);
  const upgc = table("nba_analytics", "upcoming_player_game_context");
  const pgs = table("nba_analytics", "player_game_summary");
  const lines = table("nba_predictions", "pregame_prop_lines");
  const features = FEATURE_NAMES.map((f) => `f.${column(f)}`).join(", ");
  const statColumns = MARKET_LIST.flatMap((m) =>
    // aliased: the feature store has columns of the same names (points_avg_last_5, …), and a result may not repeat a name
    ["avg_last_5", "avg_last_10", "avg_season", "std_last_10"].map((a) => `s.${m}_${a} AS history_${m}_${a}`),
  ).join(", ");
  const lineColumns = MARKET_LIST.flatMap((m) => [
    `MAX(CASE WHEN market = '${m}' THEN line_value END) AS ${m}_line`,
    `MAX(CASE WHEN market = '${m}' THEN line_source END) AS ${m}_line_source`,
  ]).join(",\n      ");
  return `
WITH universe AS (
  SELECT game_id, game_date, season, player_lookup, player_id
  FROM ${upgc}
  WHERE game_date BETWEEN CAST(@from_date AS DATE) AND CAST(@to_date AS DATE)
),
feature_rows AS (
  SELECT *
  FROM ${fs}
  WHERE game_date BETWEEN CAST(@history_from AS DATE) AND CAST(@to_date AS DATE) AND feature_version = @feature_version
),
keys AS (
  SELECT game_id, player_lookup FROM universe
  UNION DISTINCT
  SELECT game_id, player_lookup FROM feature_rows
),
appearances AS (
  SELECT
    player_lookup, season, game_id, game_date, points, total_rebounds, assists,
    LEAD(game_date) OVER (PARTITION BY player_lookup, season ORDER BY game_date, game_id) AS next_game_date,
    ${MARKET_LIST.map(statWindows).join(",\n    ")}
  FROM ${pgs}
),
line_rows AS (
  SELECT game_id, player_lookup,
      ${lineColumns}
  FROM ${lines}
  WHERE game_date BETWEEN CAST(@from_date AS DATE) AND CAST(@to_date AS DATE)
  GROUP BY game_id, player_lookup
)
SELECT
  k.game_id, k.player_lookup,
  COALESCE(f.game_date, u.game_date) AS game_date,
  COALESCE(f.player_id, u.player_id) AS player_id,
  f.player_name, f.season, f.days_rest, f.feature_quality_score, f.is_production_ready, f.data_hash,
  u.game_id IS NOT NULL AS is_target,
  f.game_id IS NOT NULL AS has_feature_row,
  ${features},
  ${statColumns},
  a.points AS actual_points, a.total_rebounds AS actual_rebounds, a.assists AS actual_assists,
  ${MARKET_LIST.flatMap((m) => [`l.${m}_line`, `l.${m}_line_source`]).join(", ")}
FROM keys AS k
LEFT JOIN universe AS u ON u.game_id = k.game_id AND u.player_lookup = k.player_lookup
LEFT JOIN feature_rows AS f ON f.game_id = k.game_id AND f.player_lookup = k.player_lookup
LEFT JOIN appearances AS a ON a.game_id = k.game_id AND a.player_lookup = k.player_lookup
LEFT JOIN appearances AS s
  ON s.player_lookup = k.player_lookup
  AND s.season = COALESCE(f.season, u.season)
  AND s.game_date < COALESCE(f.game_date, u.game_date)
  AND (s.next_game_date IS NULL OR s.next_game_date >= COALESCE(f.game_date, u.game_date))
LEFT JOIN line_rows AS l ON l.game_id = k.game_id AND l.player_lookup = k.player_lookup
ORDER BY game_date, k.game_id, k.player_lookup`;
}
