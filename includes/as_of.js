/**
 * Point-in-time lookups that stay linear in the data. "The latest fact before date D" written as a join on
 * `fact.date < D` makes the engine pair every target with every earlier fact of its key (quadratic in a team's or a
 * player's history). Instead, targets and facts are sorted together once and a running count gives, for each
 * target, how many facts of its key are dated strictly before D; facts numbered in the same order are then found
 * with an equi-join on (key, number).
 */

/**
 * SQL of a query returning, for every row of `targets`, its `targetId` columns and `facts_before`: the number of
 * `facts` rows with the same `partitionBy` columns and `date` strictly before the target's `date` (on or before it
 * with `onOrBefore: true`). targets, facts: a CTE name or `(subquery)`; both expose the partitionBy columns and a
 * DATE column named `date`.
 */
function factsBefore({ targets, targetId, facts, partitionBy, date, onOrBefore = false }) {
  const keys = partitionBy.join(", ");
  const ids = targetId.join(", ");
  const ownIds = targetId.filter((c) => !partitionBy.includes(c));
  const targetIds = ownIds.map((c) => `, ${c}`).join("");
  const nullIds = ownIds.map((c) => `, NULL AS ${c}`).join("");
  return `SELECT ${ids}, facts_before FROM (
    SELECT ${keys}${targetIds}, is_target,
      -- at equal dates the targets sort first (a fact dated D is not counted for D), or last with onOrBefore
      CAST(SUM(1 - is_target) OVER (PARTITION BY ${keys} ORDER BY ${date}, is_target ${onOrBefore ? "ASC" : "DESC"} ROWS UNBOUNDED PRECEDING) AS INT64) AS facts_before
    FROM (
      SELECT ${keys}, ${date}${targetIds}, 1 AS is_target FROM ${targets} AS as_of_targets
      UNION ALL
      SELECT ${keys}, ${date}${nullIds}, 0 AS is_target FROM ${facts} AS as_of_facts
    )
  )
  WHERE is_target = 1`;
}

module.exports = { factsBefore };
