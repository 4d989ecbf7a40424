import type { RawLoadSummary, TableLoadSummary } from "./load-raw.ts";

const MAX_PROBLEMS_PER_FILE = 5;

/** The per-table summary printed by `nba-props import` / `load`, then every failed file and rejected record (first few per file). */
export function formatLoadSummary(summary: RawLoadSummary): string {
  const columns: [string, (t: TableLoadSummary) => number][] = [
    ["files", (t) => t.files],
    ["loaded", (t) => t.loaded],
    ["unchanged", (t) => t.unchanged],
    ["failed", (t) => t.failed],
    ["rows loaded", (t) => t.rowsLoaded],
    ["rejected", (t) => t.rowsRejected],
    ["rows in table", (t) => t.rowsInTable],
  ];
  const header = ["table", ...columns.map(([name]) => name)];
  const body = summary.tables.map((t) => [t.table, ...columns.map(([, pick]) => String(pick(t)))]);
  const totals = ["total", ...columns.map(([, pick]) => String(summary.tables.reduce((n, t) => n + pick(t), 0)))];
  const rows = [header, ...body, totals];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line), line(totals)];
  const problems = summary.files.filter((f) => f.status === "failed" || f.rowsRejected > 0);
  if (problems.length > 0) {
    out.push("", "problems:");
    for (const f of problems) {
      const what = f.status === "failed" ? "FILE REJECTED" : `${f.rowsRejected} record(s) rejected`;
      out.push(`  ${f.sourceFile}: ${what}`);
      for (const e of f.errors.slice(0, MAX_PROBLEMS_PER_FILE)) out.push(`    ${e}`);
      if (f.errors.length > MAX_PROBLEMS_PER_FILE || f.rowsRejected > f.errors.length) out.push(`    … see the quarantine files`);
      for (const q of f.quarantined) out.push(`    quarantined: ${q}`);
    }
  }
  return `${out.join("\n")}\n`;
}
