/**
 * Point-in-time windows without quadratic joins. A row for (entity, D) needs the entity's games strictly before D.
 * Each entity's games are numbered (seq = 1, 2, …); rolling aggregates are window functions over bounded frames of
 * that sequence ("the last N games ending at game seq"); `asOf` finds, for every (entity, D), the seq of the last
 * game before D by sorting the scheduled dates into the game stream (scheduled rows sort before games of the same
 * day, so a game on D is never seen) and carrying the running MAX(seq) forward. Then an equi-join on (entity, seq)
 * attaches the rolling aggregates. Everything is linear in the number of games and scheduled rows.
 */

/** `ROWS BETWEEN n-1 PRECEDING AND CURRENT ROW` over the entity's game sequence (n = null: the whole prefix). */
function frame(partition, n) {
  const rows = n == null ? "UNBOUNDED PRECEDING" : `${Number(n) - 1} PRECEDING`;
  return `OVER (PARTITION BY ${partition} ORDER BY seq ROWS BETWEEN ${rows} AND CURRENT ROW)`;
}

/** A frame ending `skip` games before the current one: games seq-(skip+n-1) .. seq-skip. */
function frameBefore(partition, skip, n) {
  return `OVER (PARTITION BY ${partition} ORDER BY seq ROWS BETWEEN ${Number(skip) + Number(n) - 1} PRECEDING AND ${Number(skip)} PRECEDING)`;
}

/** `seq`: the game's position in its entity's sequence (1 = first). */
function seq(partition, orderBy) {
  return `ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY ${orderBy})`;
}

/**
 * For each distinct (partition…, analysis_date) of `scheduled`, last_seq = the seq of the entity's last game dated
 * strictly before analysis_date (NULL when none). `games` has the partition columns, game_date and seq.
 */
function asOf(games, scheduled, partitionColumns) {
  const cols = partitionColumns.join(", ");
  return `
    SELECT ${cols}, d AS analysis_date, last_seq
    FROM (
      SELECT ${cols}, d, ord,
        MAX(seq) OVER (PARTITION BY ${cols} ORDER BY d, ord ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS last_seq
      FROM (
        SELECT ${cols}, game_date AS d, 1 AS ord, seq FROM ${games}
        UNION ALL
        SELECT DISTINCT ${cols}, analysis_date AS d, 0 AS ord, CAST(NULL AS INT64) AS seq FROM ${scheduled}
      ) AS stream
    ) AS carried
    WHERE ord = 0`;
}

module.exports = { frame, frameBefore, seq, asOf };
