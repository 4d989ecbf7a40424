/**
 * Every table and column the report reads, one block per section, so names can be aligned in one place when a
 * phase lands. Names are unprefixed: the report adds the run's dataset prefix. A section (or a part of it) is
 * rendered only when its tables exist with these columns; otherwise it is absent from the page.
 */

export interface TableName {
  schema: string;
  name: string;
}

const t = (schema: string, name: string): TableName => ({ schema, name });

/** The datasets the report reads (each under the run's dataset prefix): one read of each one's columns. */
export const REPORT_SCHEMAS = [
  "nba_raw",
  "nba_analytics",
  "nba_precompute",
  "nba_predictions",
  "nba_processing",
] as const;

/** Run history and assertion log: written by the local runner (ts/engine/run-history.ts). */
export const RUN_HISTORY = {
  table: t("nba_processing", "run_history"),
  columns: {
    runId: "run_id",
    action: "action",
    actionType: "action_type",
    file: "file",
    status: "status",
    rows: "rows_affected",
    startedAt: "started_at",
    durationMs: "duration_ms",
    error: "error",
  },
} as const;

export const ASSERTION_LOG = {
  table: t("nba_processing", "assertion_log"),
  columns: {
    runId: "run_id",
    assertion: "assertion",
    checkedTables: "checked_tables",
    checkedAt: "checked_at",
    status: "status",
    failingRows: "failing_rows",
    sample: "sample_rows",
    error: "error",
  },
} as const;

/** Hash coverage: every table of these schemas that has this column. */
export const HASH_COVERAGE = {
  schemas: ["nba_analytics", "nba_precompute", "nba_predictions"],
  column: "data_hash",
} as const;

/** Rows per table per season: every table of these schemas, dated by the first of these columns it has. */
export const ROWS_PER_SEASON = {
  schemas: REPORT_SCHEMAS,
  dateColumns: ["game_date", "analysis_date", "performance_date", "move_date", "event_date", "slate_date"],
} as const;

/** Coverage by game date: the share of a date's rows for which a source is present. */
export const COVERAGE = [
  {
    label: "points line",
    table: t("nba_analytics", "upcoming_player_game_context"),
    date: "game_date",
    present: { column: "has_prop_line", when: "true" },
  },
  {
    label: "shot zones",
    table: t("nba_analytics", "player_game_summary"),
    date: "game_date",
    present: { column: "paint_attempts", when: "not null" },
  },
] as const;

/** Injury reports are a transaction log, not a per-game fact: the report shows records per date. */
export const INJURY_RECORDS = { table: t("nba_raw", "injury_moves"), date: "move_date" } as const;

/** Phase 4 gate failures (definitions/processing/precompute_failures.sqlx). */
export const PRECOMPUTE_FAILURES = {
  table: t("nba_processing", "precompute_failures"),
  columns: {
    processor: "processor_name",
    date: "analysis_date",
    entity: "entity_id",
    category: "failure_category",
    reason: "reason_code",
  },
} as const;

/**
 * Smart reprocessing (definitions/processing/reprocessing_stats.sqlx): one row per phase 4 model per run, appended
 * by the model's post-operation. Rows carry no run id: the n-th latest row of each model belongs to the n-th latest run.
 */
export const REPROCESSING_STATS = {
  table: t("nba_processing", "reprocessing_stats"),
  columns: {
    model: "processor_name",
    recordedAt: "recorded_at",
    considered: "entities_considered",
    recomputed: "entities_recomputed",
    skipped: "entities_skipped",
    failed: "entities_failed",
  },
} as const;

/** Predictions (issue 12): one row per game date, player, market and system. */
export const PREDICTIONS = {
  table: t("nba_predictions", "player_prop_predictions"),
  columns: { gameDate: "game_date", market: "market", system: "system_id", recommendation: "recommendation" },
} as const;

/**
 * Grading (tag `grading`): per system, market and date; OVER/UNDER calls decided against the line (`bets`) and
 * won (`wins`); on the rows with a line, the system's MAE, "predict the line" (MAE, bias) and "always UNDER"
 * (`under_wins` of `under_bets`). The report recomputes Wilson intervals from the counts when it sums days into weeks.
 */
export const DAILY_PERFORMANCE = {
  table: t("nba_predictions", "system_daily_performance"),
  columns: {
    system: "system_id",
    market: "market",
    date: "game_date",
    predictions: "predictions",
    mae: "mae",
    bias: "bias",
    bets: "bets",
    wins: "wins",
    lined: "lined_predictions",
    linedMae: "lined_mae",
    lineMae: "line_mae",
    lineBias: "line_bias",
    underBets: "under_bets",
    underWins: "under_wins",
  },
} as const;

export const PREDICTION_ACCURACY = {
  table: t("nba_predictions", "prediction_accuracy"),
  columns: { system: "system_id", market: "market", predicted: "predicted_value", actual: "actual_value" },
} as const;

/**
 * Trace (issue 13): the run history rows carry the correlation id of the flow that ran them. A row's phase is the
 * `phase` column when the table has one, else it is read from the action's dataset below. `kind` (when present)
 * tells a daily run from a backfill. Phases by action-name prefix, first match wins.
 */
export const TRACE = {
  table: RUN_HISTORY.table,
  columns: { correlationId: "correlation_id", phase: "phase", kind: "run_kind" },
  dailyKind: "daily",
  phaseByAction: [
    ["nba_raw.", "raw"],
    ["nba_analytics.", "phase 3"],
    ["nba_precompute.", "phase 4"],
    ["nba_predictions.ml_feature_store", "phase 4"],
    ["nba_predictions.prediction_accuracy", "grading"],
    ["nba_predictions.system_daily_performance", "grading"],
    ["nba_predictions.", "predictions"],
  ],
} as const;

/** Break-even hit rate of a bet at -110 (110 / 210). */
export const BREAK_EVEN_HIT_RATE = 110 / 210;
