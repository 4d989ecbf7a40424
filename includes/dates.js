/**
 * The date window of a run.
 *
 * - Backfills and explicit runs: the compile vars `start_date` and `end_date` (YYYY-MM-DD, both or neither).
 *   The values are checked strictly before they reach SQL: a var that is not a real calendar date stops the
 *   compile with its name.
 * - Scheduled runs set `window=derived` (deploy/dataform.json) instead of dates. An incremental model that passes its
 *   context (`dates.inWindow(col, ctx)`) then derives its window from its own table through Dataform's incremental
 *   mechanism (the start/end vars, which dataform.json defaults, are ignored there): on an incremental run it
 *   processes the dates from its latest game_date minus LOOKBACK_DAYS onwards (the games it has not seen, plus
 *   the last days again so late corrections are merged in); on its first run or a full refresh, everything.
 *   Data arriving later than LOOKBACK_DAYS after a date is picked up by a backfill with vars.
 * - Anything else in derived mode (assertions, tables, models that pass no context) covers every date.
 */
const sql = require("./sql.js");

const LOOKBACK_DAYS = 3;

function projectVars() {
  return (typeof dataform !== "undefined" && dataform.projectConfig && dataform.projectConfig.vars) || {};
}

function dateVar(name) {
  const value = projectVars()[name];
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== value) {
    throw new Error(`vars.${name} must be a calendar date YYYY-MM-DD, got "${value}"`);
  }
  return value;
}

/** `window=derived`: incremental models derive their window from their own tables (scheduled runs). */
function derivedWindow() {
  const mode = projectVars().window;
  if (mode !== undefined && mode !== "" && mode !== "derived" && mode !== "vars") {
    throw new Error(`vars.window must be "derived" or "vars", got "${mode}"`);
  }
  return mode === "derived";
}

/** True when the run's window comes from start_date/end_date; one of the two without the other is an error. */
function hasWindowVars() {
  if (derivedWindow()) return false;
  const vars = projectVars();
  const start = Boolean(vars.start_date);
  const end = Boolean(vars.end_date);
  if (start !== end)
    throw new Error("vars.start_date and vars.end_date go together: set both (a backfill) or neither (derived window)");
  return start;
}

function windowStart() {
  return `DATE '${dateVar("start_date")}'`;
}

function windowEnd() {
  const start = dateVar("start_date");
  const end = dateVar("end_date");
  if (end < start) throw new Error(`vars.end_date (${end}) is before vars.start_date (${start})`);
  return `DATE '${end}'`;
}

/**
 * The first date an incremental run without vars processes: the table's latest date (`selfColumn`, default
 * game_date) minus the lookback.
 */
function derivedStart(ctx, selfColumn = "game_date") {
  return `(SELECT IFNULL(${sql.dateSub(`MAX(${selfColumn})`, LOOKBACK_DAYS)}, DATE '1900-01-01') FROM ${ctx.self()})`;
}

/**
 * The run's window on `column`: `BETWEEN start AND end` with vars; without vars, the derived window when the
 * caller is an incremental model on an incremental run (pass the SQLX `ctx`, and `selfColumn` when the model's own
 * date column is not game_date), else every date.
 */
function inWindow(column, ctx, selfColumn) {
  if (hasWindowVars()) return `${column} BETWEEN ${windowStart()} AND ${windowEnd()}`;
  if (ctx && ctx.incremental()) return `${column} >= ${derivedStart(ctx, selfColumn)}`;
  return "TRUE";
}

/**
 * The MERGE's `updatePartitionFilter`, to spread into a model's `bigquery` config (Dataform writes it as
 * `T.<filter>` in the MERGE condition): with window vars the target scan is limited to the window's partitions,
 * which is safe because a key's rows share one game_date. Without vars there is none: the derived window is a
 * subquery on the table itself, which a MERGE condition cannot prune on, and a constant guess could miss matching
 * rows and insert duplicates.
 */
function partitionFilterConfig(column) {
  return hasWindowVars() ? { updatePartitionFilter: inWindow(column) } : {};
}

module.exports = {
  LOOKBACK_DAYS,
  dateVar,
  derivedWindow,
  hasWindowVars,
  windowStart,
  windowEnd,
  inWindow,
  partitionFilterConfig,
};
