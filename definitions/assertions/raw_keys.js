// One row per natural key in every raw table, across files and sources: the loader enforces it (ts/raw/row-writer.ts:
// the latest load wins, losing rows go to nba_raw.superseded_rows) and these assertions prove it. Tables without a
// natural key (the source repeats rows verbatim) are keyed by (source_file, source_line); load_log by its entry.
const KEY_OVERRIDES = { load_log: ["source_file", "table_name", "loaded_at"] };

for (const [name, table] of Object.entries(raw_tables.TABLES)) {
  const key = KEY_OVERRIDES[name] || table.key || ["source_file", "source_line"];
  const columns = key.join(", ");
  assert(`raw_${name}_unique_key`)
    .tags(["raw"])
    .description(`nba_raw.${name} holds at most one row per (${columns}). Returns the repeated keys.`)
    .query(
      (ctx) => `
      SELECT ${columns}, COUNT(*) AS row_count
      FROM ${ctx.ref(name)}
      GROUP BY ${columns}
      HAVING COUNT(*) > 1`,
    );
}
