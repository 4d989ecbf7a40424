/**
 * Grading fragments shared by definitions/grading/*.sqlx.
 */

/**
 * Wilson score interval bound (95 %, z = 1.96) of `wins` successes in `n` trials; NULL when n = 0. The bound is
 * capped at the hit rate itself (LEAST/GREATEST), which it never crosses mathematically but can by 1e-17 in floating
 * point when the rate is 0 or 1.
 */
function wilson(wins, n, bound) {
  if (bound !== "lower" && bound !== "upper")
    throw new Error(`wilson bound must be "lower" or "upper", got "${bound}"`);
  const sign = bound === "lower" ? "-" : "+";
  const p = `(CAST(${wins} AS FLOAT64) / CAST(${n} AS FLOAT64))`;
  const nn = `CAST(${n} AS FLOAT64)`;
  const value = `(${p} + 1.9208 / ${nn} ${sign} 1.96 * SQRT(${p} * (1 - ${p}) / ${nn} + 0.9604 / (${nn} * ${nn}))) / (1 + 3.8416 / ${nn})`;
  // never beyond p (the formula's rounding), never outside [0, 1] (0 of n gives -2e-17 for some n)
  const bounded = bound === "lower" ? `GREATEST(0.0, LEAST(${p}, ${value}))` : `LEAST(1.0, GREATEST(${p}, ${value}))`;
  return `IF(${n} = 0, NULL, ${bounded})`;
}

/** Hit rate wins / n, NULL when n = 0. */
function hitRate(wins, n) {
  return `IF(${n} = 0, NULL, CAST(${wins} AS FLOAT64) / CAST(${n} AS FLOAT64))`;
}

module.exports = { wilson, hitRate };
