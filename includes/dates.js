/**
 * The date window of a run, from the compile vars `start_date` and `end_date` (YYYY-MM-DD). Incremental models
 * filter on it, so one run backfills any range set-based and a daily run touches one date. The values are checked
 * strictly before they reach SQL: a var that is not a real calendar date stops the compile with its name.
 */

function dateVar(name) {
  const vars = (typeof dataform !== "undefined" && dataform.projectConfig && dataform.projectConfig.vars) || {};
  const value = vars[name];
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== value) {
    throw new Error(`vars.${name} must be a calendar date YYYY-MM-DD, got "${value}"`);
  }
  return value;
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

/** `column BETWEEN start AND end` for the run's window. */
function inWindow(column) {
  return `${column} BETWEEN ${windowStart()} AND ${windowEnd()}`;
}

module.exports = { dateVar, windowStart, windowEnd, inWindow };
