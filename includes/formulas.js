/**
 * Named constants of the basketball formulas used by several models, and the SQL they make. Written as literals
 * into the SQL, so a change here changes every model at once (and their data_hash).
 */

/** Weight of a free-throw attempt in a shooting possession (true shooting attempts, plays, usage). */
const FREE_THROW_FACTOR = "0.44";

/** Team minutes: 5 players x 48 minutes in regulation, 5 x 5 more per overtime period. */
const REGULATION_TEAM_MINUTES = 240;
const OVERTIME_TEAM_MINUTES = 25;

/** Basketball-Reference's possession estimate: FTA weight and offensive-rebound weight. */
const ESTIMATE_FREE_THROW_FACTOR = "0.4";
const ESTIMATE_OFFENSIVE_REBOUND_FACTOR = "1.07";

/** Team minutes of a game with `periods` overtime periods (SQL expression). */
function teamMinutes(periods) {
  return `${REGULATION_TEAM_MINUTES} + ${OVERTIME_TEAM_MINUTES} * ${periods}`;
}

/** Overtime periods from the team minutes played (SQL expression, INT64 division). */
function overtimePeriods(minutes) {
  return `DIV(GREATEST(${minutes} - ${REGULATION_TEAM_MINUTES}, 0), ${OVERTIME_TEAM_MINUTES})`;
}

/** Field-goal attempts plus weighted free-throw attempts: FGA + 0.44 x FTA (SQL expression). */
function shootingAttempts(fga, fta) {
  return `${fga} + ${FREE_THROW_FACTOR} * ${fta}`;
}

module.exports = {
  FREE_THROW_FACTOR,
  REGULATION_TEAM_MINUTES,
  OVERTIME_TEAM_MINUTES,
  ESTIMATE_FREE_THROW_FACTOR,
  ESTIMATE_OFFENSIVE_REBOUND_FACTOR,
  teamMinutes,
  overtimePeriods,
  shootingAttempts,
};
