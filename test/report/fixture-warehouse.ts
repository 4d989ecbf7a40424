import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { RunHistory } from "../../ts/engine/run-history.ts";
import type { ActionOutcome } from "../../ts/engine/outcome.ts";

/**
 * Hand-built warehouses for the report tests. `phase3Only` holds what this branch's pipeline writes (run history,
 * assertion log, raw and phase 3 tables); `everyPhase` adds the shapes of the later phases (precompute failures,
 * reprocessing stats, predictions, grading, correlation ids) as described in their issues.
 */
export interface FixtureWarehouse {
  warehouse: DuckDbWarehouse;
  dir: string;
  cleanup: () => Promise<void>;
}

export async function fixtureWarehouse(kind: "phase3Only" | "everyPhase"): Promise<FixtureWarehouse> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nbap-report-"));
  const warehouse = await DuckDbWarehouse.open(path.join(dir, "w.duckdb"));
  await phase3Tables(warehouse, kind === "everyPhase");
  if (kind === "everyPhase") await laterPhaseTables(warehouse);
  return { warehouse, dir, cleanup: async () => { await warehouse.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

const outcome = (name: string, type: ActionOutcome["type"], status: ActionOutcome["status"], startedAt: string, durationMs: number, rows: number | null, extra: Partial<ActionOutcome> = {}): ActionOutcome =>
  ({ name, type, file: `definitions/${name}.sqlx`, status, rowsAffected: rows, startedAt, durationMs, ...extra });

async function phase3Tables(w: DuckDbWarehouse, withCorrelation: boolean): Promise<void> {
  const run1 = new RunHistory(w, "nba_processing", "run-one");
  const run2 = new RunHistory(w, "nba_processing", "run-two");
  await run1.prepare();
  await run1.record(outcome("nba_analytics.player_game_summary", "incremental", "succeeded", "2024-01-10T10:00:00.000Z", 4000, 300));
  await run1.record(outcome("nba_analytics.game_dim", "table", "succeeded", "2024-01-10T10:00:04.000Z", 1000, 20));
  await run2.record(outcome("nba_analytics.player_game_summary", "incremental", "failed", "2024-01-11T10:00:00.000Z", 2500, null, { error: "Binder Error: column \"pts\" not found" }));
  await run2.record(outcome("nba_analytics.game_dim", "table", "succeeded", "2024-01-11T10:00:03.000Z", 1500, 20));
  const failing = outcome("nba_assertions.player_game_summary_data_hash_valid", "assertion", "failed", "2024-01-11T10:00:05.000Z", 100, 2,
    { assertion: { failingRows: 2, sample: [{ game_id: "0022300061", player_id: "1629029", data_hash: null }] } });
  await run1.recordAssertion(outcome("nba_assertions.player_game_summary_data_hash_valid", "assertion", "succeeded", "2024-01-10T10:00:05.000Z", 90, 0, { assertion: { failingRows: 0, sample: [] } }), ["nba_analytics.player_game_summary"]);
  await run2.recordAssertion(failing, ["nba_analytics.player_game_summary"]);

  await w.execute("CREATE SCHEMA nba_raw; CREATE SCHEMA nba_analytics");
  await w.execute("CREATE TABLE nba_raw.injury_moves (move_date DATE, player_name VARCHAR)");
  await w.execute("INSERT INTO nba_raw.injury_moves VALUES ('2023-11-02', 'a'), ('2023-11-02', 'b'), ('2024-01-05', 'c')");
  await w.execute("CREATE TABLE nba_raw.team_crosswalk (team_id VARCHAR)");
  await w.execute("INSERT INTO nba_raw.team_crosswalk VALUES ('1'), ('2')");
  // 2023-06-30 belongs to 2022-23, 2023-07-01 to 2023-24: the season boundary.
  await w.execute("CREATE TABLE nba_analytics.player_game_summary (game_date DATE, paint_attempts BIGINT, data_hash VARCHAR)");
  await w.execute(`INSERT INTO nba_analytics.player_game_summary VALUES
    ('2023-06-30', 3, '0123456789abcdef'), ('2023-07-01', NULL, '0123456789abcdef'), ('2023-11-02', 4, 'NOT-A-HASH'), ('2023-11-02', NULL, NULL)`);
  await w.execute("CREATE TABLE nba_analytics.upcoming_player_game_context (game_date DATE, has_prop_line BOOLEAN, data_hash VARCHAR)");
  await w.execute("INSERT INTO nba_analytics.upcoming_player_game_context VALUES ('2023-11-02', true, 'aaaaaaaaaaaaaaaa'), ('2023-11-02', false, 'bbbbbbbbbbbbbbbb'), ('2023-11-03', NULL, 'cccccccccccccccc')");
  if (withCorrelation) {
    await w.execute("ALTER TABLE nba_processing.run_history ADD COLUMN correlation_id VARCHAR");
    await w.execute("ALTER TABLE nba_processing.run_history ADD COLUMN run_kind VARCHAR");
    await w.execute("UPDATE nba_processing.run_history SET correlation_id = 'corr-backfill', run_kind = 'backfill' WHERE run_id = 'run-one'");
    await w.execute("UPDATE nba_processing.run_history SET correlation_id = 'corr-daily-1', run_kind = 'daily' WHERE run_id = 'run-two'");
  }
}

async function laterPhaseTables(w: DuckDbWarehouse): Promise<void> {
  await w.execute("CREATE SCHEMA nba_precompute; CREATE SCHEMA nba_predictions; CREATE SCHEMA nba_grading");
  await w.execute(`INSERT INTO nba_processing.run_history (run_id, action, action_type, file, status, rows_affected, started_at, duration_ms, error, correlation_id, run_kind) VALUES
    ('run-three', 'nba_precompute.player_daily_cache', 'incremental', 'f', 'succeeded', 40, '2024-01-11T10:01:00', 3000, NULL, 'corr-daily-1', 'daily'),
    ('run-three', 'nba_predictions.ml_feature_store', 'incremental', 'f', 'succeeded', 35, '2024-01-11T10:01:03', 2000, NULL, 'corr-daily-1', 'daily'),
    ('run-four', 'nba_predictions.player_prop_predictions', 'operations', 'f', 'succeeded', 70, '2024-01-11T10:01:06', 1000, NULL, 'corr-daily-1', 'daily'),
    ('run-four', 'nba_grading.prediction_accuracy', 'incremental', 'f', 'succeeded', 60, '2024-01-11T10:01:08', 500, NULL, 'corr-daily-1', 'daily')`);
  await w.execute("CREATE TABLE nba_processing.precompute_failures (processor_name VARCHAR, run_id VARCHAR, analysis_date DATE, entity_id VARCHAR, failure_category VARCHAR, failure_reason VARCHAR)");
  await w.execute(`INSERT INTO nba_processing.precompute_failures VALUES
    ('player_daily_cache', 'r', '2024-01-11', 'lebronjames', 'INSUFFICIENT_DATA', 'fewer than 5 games'),
    ('player_daily_cache', 'r', '2024-01-12', 'lebronjames', 'INSUFFICIENT_DATA', 'fewer than 5 games'),
    ('ml_feature_store', 'r', '2024-01-11', 'rookie', 'UPSTREAM_MISSING', 'no cache row')`);
  await w.execute("CREATE TABLE nba_processing.reprocessing_stats (run_id VARCHAR, model VARCHAR, recorded_at TIMESTAMP, entities_considered BIGINT, entities_recomputed BIGINT, entities_skipped BIGINT)");
  await w.execute(`INSERT INTO nba_processing.reprocessing_stats VALUES
    ('run-three', 'player_daily_cache', '2024-01-11 10:01:00', 450, 450, 0), ('run-three', 'ml_feature_store', '2024-01-11 10:01:03', 440, 440, 0),
    ('run-five', 'player_daily_cache', '2024-01-12 10:01:00', 450, 3, 447), ('run-five', 'ml_feature_store', '2024-01-12 10:01:03', 440, 2, 438)`);
  await w.execute("CREATE TABLE nba_predictions.player_prop_predictions (game_date DATE, market VARCHAR, system_id VARCHAR, recommendation VARCHAR, predicted_value DOUBLE, data_hash VARCHAR)");
  await w.execute(`INSERT INTO nba_predictions.player_prop_predictions
    SELECT DATE '2024-01-10' + CAST(i % 3 AS INTEGER), CASE WHEN i % 2 = 0 THEN 'points' ELSE 'pra' END, CASE WHEN i % 4 < 2 THEN 'xgboost' ELSE 'moving_average' END,
           CASE i % 3 WHEN 0 THEN 'OVER' WHEN 1 THEN 'UNDER' ELSE 'PASS' END, 10 + i % 20, 'dddddddddddddddd'
    FROM range(120) AS t(i)`);
  await w.execute(`CREATE TABLE nba_grading.system_daily_performance (system_id VARCHAR, market VARCHAR, game_date DATE, predictions BIGINT, mae DOUBLE, bias DOUBLE,
    bets BIGINT, hit_rate DOUBLE, hit_rate_low DOUBLE, hit_rate_high DOUBLE, line_mae DOUBLE, line_bias DOUBLE, always_under_bets BIGINT, always_under_hit_rate DOUBLE)`);
  // xgboost/points: 10/20 bets won over two days in different weeks; MAE (5*20 + 3*20)/40 = 4; always UNDER 12/20.
  await w.execute(`INSERT INTO nba_grading.system_daily_performance VALUES
    ('xgboost', 'points', '2024-01-10', 20, 5.0, 1.0, 10, 0.6, NULL, NULL, 5.5, 0.5, 10, 0.7),
    ('xgboost', 'points', '2024-01-17', 20, 3.0, -1.0, 10, 0.4, NULL, NULL, 4.5, 0.0, 10, 0.5),
    ('moving_average', 'points', '2024-01-10', 20, 6.0, 2.0, 8, 0.5, NULL, NULL, 5.5, 0.5, 10, 0.7),
    ('moving_average', 'pra', '2024-01-10', 30, 7.0, 0.5, 25, 0.52, NULL, NULL, 6.1, 0.2, 28, 0.5)`);
  await w.execute("CREATE TABLE nba_grading.prediction_accuracy (system_id VARCHAR, market VARCHAR, predicted_value DOUBLE, actual_value DOUBLE, data_hash VARCHAR)");
  await w.execute(`INSERT INTO nba_grading.prediction_accuracy
    SELECT CASE WHEN i % 2 = 0 THEN 'xgboost' ELSE 'moving_average' END, 'points', 5 + (i % 30), 5 + (i % 30) + ((i % 7) - 3), 'eeeeeeeeeeeeeeee' FROM range(1200) AS t(i)`);
}
