import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import type { QueryOptions, Warehouse, WarehouseSession } from "../../ts/engine/warehouse.ts";
import { FEATURE_NAMES } from "../../ts/predictions/feature-store.ts";
import { FEATURES } from "./inputs.ts";

/**
 * Hand-built tables the coordinator reads, shaped by the contract (ml_feature_store) and the phase 3 columns it
 * uses: N players, each with 12 earlier games (Oct 2024) and one target game on 2024-11-20.
 */
export const TARGET_DATE = "2024-11-20";

export async function buildBatchTables(w: WarehouseSession, players: number): Promise<void> {
  const features = FEATURE_NAMES.map((f) => `${f} DOUBLE`).join(", ");
  for (const s of ["nba_analytics", "nba_predictions"]) await w.execute(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  await w.execute(
    `CREATE OR REPLACE TABLE nba_analytics.upcoming_player_game_context (game_id VARCHAR, game_date DATE, season VARCHAR, player_lookup VARCHAR, player_id VARCHAR)`,
  );
  await w.execute(
    `CREATE OR REPLACE TABLE nba_analytics.player_game_summary (game_id VARCHAR, game_date DATE, season VARCHAR, player_lookup VARCHAR, player_id VARCHAR, points BIGINT, total_rebounds BIGINT, assists BIGINT)`,
  );
  await w.execute(
    `CREATE OR REPLACE TABLE nba_predictions.pregame_prop_lines (game_id VARCHAR, game_date DATE, player_id VARCHAR, player_lookup VARCHAR, market VARCHAR, line_value DOUBLE, line_source VARCHAR)`,
  );
  await w.execute(`CREATE OR REPLACE TABLE nba_predictions.ml_feature_store (
    player_lookup VARCHAR, player_id VARCHAR, player_name VARCHAR, game_id VARCHAR, game_date DATE, season VARCHAR, team_abbr VARCHAR,
    opponent_team_abbr VARCHAR, is_home BOOLEAN, days_rest BIGINT, ${features}, feature_version VARCHAR, feature_quality_score DOUBLE,
    quality_tier VARCHAR, is_production_ready BOOLEAN, source_hash VARCHAR, data_hash VARCHAR)`);
  const featureValues = FEATURE_NAMES.map((f) => `${FEATURES[f] ?? "NULL"} AS ${f}`).join(", ");
  // one row per (player p, game g): games 0-11 on 2024-10-10 .. 2024-10-21, game 12 on the target date
  await w.execute(
    `CREATE OR REPLACE TEMP TABLE grid AS
    SELECT 'player' || lpad(CAST(p AS VARCHAR), 3, '0') AS player_lookup, CAST(1000 + p AS VARCHAR) AS player_id, p, g,
           '00224' || lpad(CAST(p AS VARCHAR), 3, '0') || lpad(CAST(g AS VARCHAR), 2, '0') AS game_id,
           CASE WHEN g < 12 THEN DATE '2024-10-10' + CAST(g AS INTEGER) ELSE CAST($target AS DATE) END AS game_date
    FROM range($players) AS a(p), range(13) AS b(g)`,
    { params: { target: TARGET_DATE, players } },
  );
  await w.execute(`INSERT INTO nba_predictions.ml_feature_store
    SELECT player_lookup, player_id, 'Player ' || p, game_id, game_date, '2024-25', 'AAA', 'BBB', true, 1, ${featureValues},
           'v1_baseline_25', 90, 'gold', NOT (p = 1 AND g = 12), 'src', 'hash' || p || '_' || g
    FROM grid`);
  await w.execute(
    `INSERT INTO nba_analytics.player_game_summary SELECT game_id, game_date, '2024-25', player_lookup, player_id, 10 + g, 5, 3 FROM grid`,
  );
  await w.execute(
    `INSERT INTO nba_analytics.upcoming_player_game_context SELECT game_id, game_date, '2024-25', player_lookup, player_id FROM grid`,
  );
  await w.execute(
    `INSERT INTO nba_predictions.pregame_prop_lines SELECT game_id, game_date, player_id, player_lookup, 'points', 15.5, 'dfs_median' FROM grid WHERE g = 12`,
  );
  await w.execute(`DROP TABLE grid`);
}

/** A warehouse that counts the statements it is asked to run (reads and writes, inside transactions too). */
export function countingWarehouse(inner: DuckDbWarehouse): {
  warehouse: Warehouse;
  calls: () => number;
  reset: () => void;
} {
  let n = 0;
  const wrap = (s: WarehouseSession): WarehouseSession => ({
    query: (sql: string, o?: QueryOptions) => {
      n += 1;
      return s.query(sql, o);
    },
    execute: (sql: string, o?: QueryOptions) => {
      n += 1;
      return s.execute(sql, o);
    },
    queryGoogleSql: (sql: string, o?: QueryOptions) => {
      n += 1;
      return s.queryGoogleSql(sql, o);
    },
    executeGoogleSql: (sql: string, o?: QueryOptions) => {
      n += 1;
      return s.executeGoogleSql(sql, o);
    },
  });
  const warehouse: Warehouse = {
    engine: inner.engine,
    ...wrap(inner),
    tablePath: (schema, name) => inner.tablePath(schema, name),
    tableExists: (schema, name) => {
      n += 1;
      return inner.tableExists(schema, name);
    },
    contentFingerprint: (schema, name) => {
      n += 1;
      return inner.contentFingerprint(schema, name);
    },
    transaction: (fn) => inner.transaction((s) => fn(wrap(s))),
    ensureTables: (specs) => {
      n += 1;
      return inner.ensureTables(specs);
    },
    datasetColumns: (schema) => {
      n += 1;
      return inner.datasetColumns(schema);
    },
    loadRows: (spec, rows, o) => {
      n += 1;
      return inner.loadRows(spec, rows, o);
    },
    mergeRows: (spec, rows, o) => {
      n += 1;
      return inner.mergeRows(spec, rows, o);
    },
    close: () => inner.close(),
  };
  return { warehouse, calls: () => n, reset: () => (n = 0) };
}
