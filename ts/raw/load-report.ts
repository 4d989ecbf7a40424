import type { RawLoadSummary, TableLoadSummary } from "./load-raw.ts";

const MAX_PROBLEMS_PER_FILE = 5;

/**
 * The per-table summary printed by `nba-props import` / `load`, then duplicates, superseded rows and every failed
 * file and rejected record (first few per file). Exit status: 1 when anything was rejected (summary.ok false).
 */
export function formatLoadSummary(summary: RawLoadSummary): string {
  const columns: [string, (t: TableLoadSummary) => number][] = [
    ["files", (t) => t.files],
    ["loaded", (t) => t.loaded],
    ["unchanged", (t) => t.unchanged],
    ["failed", (t) => t.failed],
    ["duplicate", (t) => t.duplicate],
    ["rows loaded", (t) => t.rowsLoaded],
    ["rejected", (t) => t.rowsRejected],
    ["superseded", (t) => t.rowsSuperseded],
    ["rows in table", (t) => t.rowsInTable],
  ];
  const header = ["table", ...columns.map(([name]) => name)];
  const body = summary.tables.map((t) => [t.table, ...columns.map(([, pick]) => String(pick(t)))]);
  const totals = ["total", ...columns.map(([, pick]) => String(summary.tables.reduce((n, t) => n + pick(t), 0)))];
  const rows = [header, ...body, totals];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line), line(totals)];
  const duplicates = summary.files.filter((f) => f.status === "duplicate");
  if (duplicates.length > 0) {
    out.push("", "skipped (same bytes already loaded under another name; unload one of them to switch):");
    for (const f of duplicates) out.push(`  ${f.sourceFile} = ${f.duplicateOf}`);
  }
  const superseding = summary.files.filter((f) => f.rowsDisplaced > 0 || f.rowsRestored > 0);
  if (superseding.length > 0) {
    out.push("", "natural keys taken over (earlier rows kept in nba_raw.superseded_rows):");
    for (const f of superseding)
      out.push(`  ${f.sourceFile}: ${f.rowsDisplaced} row(s) of other files superseded, ${f.rowsRestored} restored`);
  }
  const problems = summary.files.filter((f) => f.status === "failed" || f.rowsRejected > 0);
  if (problems.length > 0) {
    out.push("", "problems:");
    for (const f of problems) {
      const what = f.status === "failed" ? "FILE REJECTED" : `${f.rowsRejected} record(s) rejected`;
      out.push(`  ${f.sourceFile}: ${what}`);
      for (const e of f.errors.slice(0, MAX_PROBLEMS_PER_FILE)) out.push(`    ${e}`);
      if (f.errors.length > MAX_PROBLEMS_PER_FILE || f.rowsRejected > f.errors.length)
        out.push(`    … see the quarantine files`);
      for (const q of f.quarantined) out.push(`    quarantined: ${q}`);
    }
  }
  return `${out.join("\n")}\n`;
}
