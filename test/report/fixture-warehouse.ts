import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import type { ActionOutcome } from "../../ts/engine/outcome.ts";
import { RunHistory } from "../../ts/engine/run-history.ts";

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
  return {
    warehouse,
    dir,
    cleanup: async () => {
      await warehouse.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const outcome = (
  name: string,
  type: ActionOutcome["type"],
  status: ActionOutcome["status"],
  startedAt: string,
  durationMs: number,
  rows: number | null,
  extra: Partial<ActionOutcome> = {},
): ActionOutcome => ({
  name,
  type,
  file: `definitions/${name}.sqlx`,
  status,
  rowsAffected: rows,
  startedAt,
  durationMs,
  ...extra,
});

async function phase3Tables(w: DuckDbWarehouse, withCorrelation: boolean): Promise<void> {
  const run1 = new RunHistory(w, "nba_processing", "run-one");
  const run2 = new RunHistory(w, "nba_processing", "run-two");
  await run1.prepare();
  await run1.record(
    outcome("nba_analytics.player_game_summary", "incremental", "succeeded", "2024-01-10T10:00:00.000Z", 4000, 300),
  );
  await run1.record(outcome("nba_analytics.game_dim", "table", "succeeded", "2024-01-10T10:00:04.000Z", 1000, 20));
  await run2.record(
    outcome("nba_analytics.player_game_summary", "incremental", "failed", "2024-01-11T10:00:00.000Z", 2500, null, {
      error: 'Binder Error: column "pts" not found',
    }),
  );
  await run2.record(outcome("nba_analytics.game_dim", "table", "succeeded", "2024-01-11T10:00:03.000Z", 1500, 20));
  const failing = outcome(
    "nba_assertions.player_game_summary_data_hash_valid",
    "assertion",
    "failed",
    "2024-01-11T10:00:05.000Z",
    100,
    2,
    { assertion: { failingRows: 2, sample: [{ game_id: "0022300061", player_id: "1629029", data_hash: null }] } },
  );
  await run1.recordAssertion(
    outcome(
      "nba_assertions.player_game_summary_data_hash_valid",
      "assertion",
      "succeeded",
      "2024-01-10T10:00:05.000Z",
      90,
      0,
      { assertion: { failingRows: 0, sample: [] } },
    ),
    ["nba_analytics.player_game_summary"],
  );
  await run2.recordAssertion(failing, ["nba_analytics.player_game_summary"]);

  await w.execute("CREATE SCHEMA nba_raw; CREATE SCHEMA nba_analytics");
  await w.execute("CREATE TABLE nba_raw.injury_moves (move_date DATE, player_name VARCHAR)");
  await w.execute(
    "INSERT INTO nba_raw.injury_moves VALUES ('2023-11-02', 'a'), ('2023-11-02', 'b'), ('2024-01-05', 'c')",
  );
  await w.execute("CREATE TABLE nba_raw.team_crosswalk (team_id VARCHAR)");
  await w.execute("INSERT INTO nba_raw.team_crosswalk VALUES ('1'), ('2')");
  // 2023-06-30 belongs to 2022-23, 2023-07-01 to 2023-24: the season boundary.
  await w.execute(
    "CREATE TABLE nba_analytics.player_game_summary (game_date DATE, paint_attempts BIGINT, data_hash VARCHAR)",
  );
  await w.execute(`INSERT INTO nba_analytics.player_game_summary VALUES
    ('2023-06-30', 3, '0123456789abcdef'), ('2023-07-01', NULL, '0123456789abcdef'), ('2023-11-02', 4, 'NOT-A-HASH'), ('2023-11-02', NULL, NULL)`);
  await w.execute(
    "CREATE TABLE nba_analytics.upcoming_player_game_context (game_date DATE, has_prop_line BOOLEAN, data_hash VARCHAR)",
  );
  await w.execute(
    "INSERT INTO nba_analytics.upcoming_player_game_context VALUES ('2023-11-02', true, 'aaaaaaaaaaaaaaaa'), ('2023-11-02', false, 'bbbbbbbbbbbbbbbb'), ('2023-11-03', NULL, 'cccccccccccccccc')",
  );
  if (withCorrelation) {
    await w.execute("ALTER TABLE nba_processing.run_history ADD COLUMN IF NOT EXISTS correlation_id VARCHAR");
    await w.execute("ALTER TABLE nba_processing.run_history ADD COLUMN run_kind VARCHAR");
    await w.execute(
      "UPDATE nba_processing.run_history SET correlation_id = 'corr-backfill', run_kind = 'backfill' WHERE run_id = 'run-one'",
    );
    await w.execute(
      "UPDATE nba_processing.run_history SET correlation_id = 'corr-daily-1', run_kind = 'daily' WHERE run_id = 'run-two'",
    );
  }
}

async function laterPhaseTables(w: DuckDbWarehouse): Promise<void> {
  await w.execute("CREATE SCHEMA nba_precompute; CREATE SCHEMA nba_predictions");
  await w.execute(`INSERT INTO nba_processing.run_history (run_id, action, action_type, file, status, rows_affected, started_at, duration_ms, error, correlation_id, run_kind) VALUES
    ('run-three', 'nba_precompute.player_daily_cache', 'incremental', 'f', 'succeeded', 40, '2024-01-11T10:01:00', 3000, NULL, 'corr-daily-1', 'daily'),
    ('run-three', 'nba_predictions.ml_feature_store', 'incremental', 'f', 'succeeded', 35, '2024-01-11T10:01:03', 2000, NULL, 'corr-daily-1', 'daily'),
    ('run-four', 'nba_predictions.player_prop_predictions', 'operations', 'f', 'succeeded', 70, '2024-01-11T10:01:06', 1000, NULL, 'corr-daily-1', 'daily'),
    ('run-four', 'nba_predictions.prediction_accuracy', 'incremental', 'f', 'succeeded', 60, '2024-01-11T10:01:08', 500, NULL, 'corr-daily-1', 'daily')`);
  await w.execute(
    "CREATE TABLE nba_processing.precompute_failures (processor_name VARCHAR, entity_id VARCHAR, entity_type VARCHAR, analysis_date DATE, failure_category VARCHAR, reason_code VARCHAR, failure_reason VARCHAR)",
  );
  await w.execute(`INSERT INTO nba_processing.precompute_failures VALUES
    ('player_daily_cache', 'lebronjames', 'player', '2024-01-11', 'INSUFFICIENT_DATA', 'TOO_FEW_GAMES', 'Only 3 games'),
    ('player_daily_cache', 'lebronjames', 'player', '2024-01-12', 'INSUFFICIENT_DATA', 'TOO_FEW_GAMES', 'Only 4 games'),
    ('ml_feature_store', 'rookie', 'player', '2024-01-11', 'MISSING_DEPENDENCY', 'NO_PRIOR_GAMES', 'no cache row')`);
  // No run id: the latest row of each model is the latest run.
  await w.execute(
    "CREATE TABLE nba_processing.reprocessing_stats (processor_name VARCHAR, recorded_at TIMESTAMP, start_date DATE, end_date DATE, is_incremental BOOLEAN, entities_considered BIGINT, entities_recomputed BIGINT, entities_skipped BIGINT, entities_failed BIGINT)",
  );
  await w.execute(`INSERT INTO nba_processing.reprocessing_stats VALUES
    ('player_daily_cache', '2024-01-11 10:01:00', '2021-10-01', '2025-06-30', false, 450, 440, 0, 10), ('ml_feature_store', '2024-01-11 10:01:03', '2021-10-01', '2025-06-30', false, 440, 440, 0, 0),
    ('player_daily_cache', '2024-01-12 10:01:00', '2021-10-01', '2025-06-30', true, 450, 3, 447, 0), ('ml_feature_store', '2024-01-12 10:01:03', '2021-10-01', '2025-06-30', true, 440, 2, 438, 0)`);
  await w.execute(
    "CREATE TABLE nba_predictions.player_prop_predictions (game_date DATE, market VARCHAR, system_id VARCHAR, recommendation VARCHAR, predicted_value DOUBLE, data_hash VARCHAR)",
  );
  await w.execute(`INSERT INTO nba_predictions.player_prop_predictions
    SELECT DATE '2024-01-10' + CAST(i % 3 AS INTEGER), CASE WHEN i % 2 = 0 THEN 'points' ELSE 'pra' END, CASE WHEN i % 4 < 2 THEN 'xgboost' ELSE 'moving_average' END,
           CASE i % 3 WHEN 0 THEN 'OVER' WHEN 1 THEN 'UNDER' ELSE 'PASS' END, 10 + i % 20, 'dddddddddddddddd'
    FROM range(120) AS t(i)`);
  await w.execute(`CREATE TABLE nba_predictions.system_daily_performance (game_date DATE, system_id VARCHAR, market VARCHAR, predictions BIGINT, mae DOUBLE, bias DOUBLE,
    bets BIGINT, wins BIGINT, pushes BIGINT, hit_rate DOUBLE, lined_predictions BIGINT, lined_mae DOUBLE, line_mae DOUBLE, line_bias DOUBLE, under_bets BIGINT, under_wins BIGINT)`);
  // xgboost/points: 10 of 20 bets won over two days in different weeks; MAE (5*20 + 3*20)/40 = 4; line MAE 5; always UNDER 12/20.
  await w.execute(`INSERT INTO nba_predictions.system_daily_performance VALUES
    ('2024-01-10', 'xgboost', 'points', 20, 5.0, 1.0, 10, 6, 0, 0.6, 20, 5.0, 5.5, 0.5, 10, 7),
    ('2024-01-17', 'xgboost', 'points', 20, 3.0, -1.0, 10, 4, 0, 0.4, 20, 3.0, 4.5, 0.0, 10, 5),
    ('2024-01-10', 'moving_average', 'points', 20, 6.0, 2.0, 8, 4, 0, 0.5, 20, 6.0, 5.5, 0.5, 10, 7),
    ('2024-01-10', 'moving_average', 'pra', 30, 7.0, 0.5, 25, 13, 0, 0.52, 30, 7.0, 6.1, 0.2, 28, 14)`);
  await w.execute(
    "CREATE TABLE nba_predictions.prediction_accuracy (system_id VARCHAR, market VARCHAR, predicted_value DOUBLE, actual_value DOUBLE, data_hash VARCHAR)",
  );
  await w.execute(`INSERT INTO nba_predictions.prediction_accuracy
    SELECT CASE WHEN i % 2 = 0 THEN 'xgboost' ELSE 'moving_average' END, 'points', 5 + (i % 30), 5 + (i % 30) + ((i % 7) - 3), 'eeeeeeeeeeeeeeee' FROM range(1200) AS t(i)`);
}
