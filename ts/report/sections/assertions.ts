import { col } from "../catalog.ts";
import { formatCount, formatPercent, formatTime, shortLabel } from "../format.ts";
import { escapeHtml, heading, htmlTable, paragraph } from "../html.ts";
import { Plot, plotFigure, statusScale } from "../plot.ts";
import { type ReportContext, runLabel, type Section } from "../section.ts";
import { ASSERTION_LOG, HASH_COVERAGE } from "../tables.ts";

const RUNS_SHOWN = 30;
const SAMPLE_KEYS_SHOWN = 3;
const c = ASSERTION_LOG.columns;

interface LogRow {
  run_id: string;
  assertion: string;
  checked_tables: string;
  checked_ms: number;
  status: string;
  failing_rows: number | null;
  sample_rows: string | null;
  error: string | null;
}

export const assertionsSection: Section = {
  id: "assertions",
  title: "Assertions",
  present: (catalog) => catalog.has(ASSERTION_LOG.table, Object.values(c)),
  async render(ctx) {
    const table = ctx.catalog.sql(ASSERTION_LOG.table);
    const rows = await ctx.warehouse.queryGoogleSql<LogRow>(
      `WITH recent AS (SELECT ${col(c.runId)} AS run_id, MIN(${col(c.checkedAt)}) AS run_started FROM ${table} GROUP BY 1 ORDER BY 2 DESC LIMIT ${RUNS_SHOWN})
       SELECT a.${col(c.runId)} AS run_id, a.${col(c.assertion)} AS assertion, a.${col(c.checkedTables)} AS checked_tables,
              UNIX_MILLIS(a.${col(c.checkedAt)}) AS checked_ms, a.${col(c.status)} AS status, a.${col(c.failingRows)} AS failing_rows,
              a.${col(c.sample)} AS sample_rows, a.${col(c.error)} AS error
       FROM ${table} AS a JOIN recent AS r ON r.run_id = a.${col(c.runId)}
       ORDER BY r.run_started, a.${col(c.assertion)}`,
    );
    const parts: string[] = [];
    if (rows.length === 0) parts.push(paragraph("No assertion has run yet."));
    else parts.push(...renderLog(rows));
    parts.push(heading(3, "data_hash coverage per table"), await hashCoverage(ctx));
    return parts.join("\n");
  },
};

function renderLog(rows: LogRow[]): string[] {
  const runStart = new Map<string, number>();
  for (const r of rows) runStart.set(r.run_id, Math.min(runStart.get(r.run_id) ?? Infinity, Number(r.checked_ms)));
  const withRun = rows.map((r) => ({ ...r, run: runLabel(runStart.get(r.run_id)!) }));
  const statuses = [...new Set(rows.map((r) => r.status))].sort();
  const assertions = [...new Set(rows.map((r) => r.assertion))].sort();
  const latestRun = [...runStart].sort((a, b) => b[1] - a[1])[0]![0];

  const summary = assertions.map((name) => {
    const history = withRun.filter((r) => r.assertion === name);
    const last = history[history.length - 1]!;
    return {
      name,
      tables: last.checked_tables,
      runs: history.length,
      passed: history.filter((r) => r.status === "passed").length,
      failed: history.filter((r) => r.status !== "passed").length,
      last: last.status,
      lastRows: last.failing_rows,
      current: last.run_id === latestRun,
    };
  });
  const latestFailures = withRun
    .filter((r) => r.status !== "passed")
    .reverse()
    .slice(0, 25);
  const counts = (s: string) => summary.filter((x) => x.current && x.last === s).length;

  return [
    paragraph(
      `${formatCount(assertions.length)} assertions over the last ${runStart.size} runs that checked any; in the latest run: ${statuses.map((s) => `${formatCount(counts(s))} ${s}`).join(", ")}.`,
    ),
    plotFigure({
      id: "assertion-history",
      caption: "Each assertion's result in each run (runs by UTC start)",
      rows: withRun.length,
      options: {
        height: Math.max(160, 16 * assertions.length + 90),
        marginLeft: 330,
        marginBottom: 70,
        x: { label: null, tickRotate: -30 },
        y: { label: null },
        color: statusScale(statuses),
        marks: [
          Plot.axisY({ label: null, tickFormat: shortLabel, lineWidth: 32 }),
          Plot.cell(withRun, {
            x: "run",
            y: "assertion",
            fill: "status",
            inset: 0.5,
            title: (d: LogRow & { run: string }) =>
              `${d.assertion} @ ${d.run}: ${d.status}${d.failing_rows ? `, ${d.failing_rows} rows` : ""}`,
          }),
        ],
      },
    }),
    htmlTable(
      summary,
      [
        { header: "assertion", cell: (r) => r.name },
        { header: "checks", cell: (r) => r.tables },
        { header: "runs", cell: (r) => formatCount(r.runs), numeric: true },
        { header: "passed", cell: (r) => formatCount(r.passed), numeric: true },
        { header: "not passed", cell: (r) => formatCount(r.failed), numeric: true },
        { header: "last result", cell: (r) => (r.current ? r.last : `${r.last} (not in the latest run)`) },
        { header: "offending rows", cell: (r) => formatCount(r.lastRows), numeric: true },
      ],
      "History per assertion",
    ),
    heading(3, "Failures, with a sample of offending keys"),
    latestFailures.length === 0
      ? paragraph("No assertion failed in the runs shown.")
      : `<div class="table-wrap"><table><thead><tr><th>time (UTC)</th><th>assertion</th><th>status</th><th class="num">offending rows</th><th>sample keys / error</th></tr></thead><tbody>${latestFailures
          .map(
            (f) =>
              `<tr><td>${escapeHtml(formatTime(f.checked_ms))}</td><td>${escapeHtml(f.assertion)}</td><td>${escapeHtml(f.status)}</td><td class="num">${escapeHtml(formatCount(f.failing_rows))}</td><td class="error">${escapeHtml(f.error ?? sampleKeys(f.sample_rows))}</td></tr>`,
          )
          .join("")}</tbody></table></div>`,
  ];
}

/** The first few offending rows as `k=v` lists (assertions return the offending keys first). */
export function sampleKeys(sample: string | null, fieldsShown = 4): string {
  if (!sample) return "";
  let rows: unknown;
  try {
    rows = JSON.parse(sample);
  } catch {
    return sample.slice(0, 300);
  }
  if (!Array.isArray(rows)) return "";
  return rows
    .slice(0, SAMPLE_KEYS_SHOWN)
    .map((r) =>
      Object.entries(r as Record<string, unknown>)
        .slice(0, fieldsShown)
        .map(([k, v]) => `${k}=${v === null ? "NULL" : String(v)}`)
        .join(", "),
    )
    .join("; ");
}

async function hashCoverage({ warehouse, catalog }: ReportContext): Promise<string> {
  const tables = HASH_COVERAGE.schemas
    .flatMap((s) => catalog.tablesIn(s))
    .filter((t) => catalog.hasColumn(t, HASH_COVERAGE.column));
  const h = col(HASH_COVERAGE.column);
  const coverage = [];
  for (const t of tables) {
    const [r] = await warehouse.queryGoogleSql<{ total: number; hashed: number; well_formed: number }>(
      `SELECT COUNT(*) AS total, COUNT(${h}) AS hashed, COUNTIF(REGEXP_CONTAINS(${h}, r'^[0-9a-f]{16}$')) AS well_formed FROM ${catalog.sql(t)}`,
    );
    coverage.push({
      table: `${t.schema}.${t.name}`,
      total: Number(r!.total),
      hashed: Number(r!.hashed),
      wellFormed: Number(r!.well_formed),
    });
  }
  if (coverage.length === 0) return paragraph("No table with a data_hash column yet.");
  const share = (r: { total: number; wellFormed: number }) => (r.total === 0 ? null : r.wellFormed / r.total);
  return [
    plotFigure({
      id: "hash-coverage",
      caption: "Share of rows with a well-formed data_hash (16 lowercase hex characters)",
      rows: coverage.filter((r) => r.total > 0).length,
      options: {
        height: 24 * coverage.length + 50,
        marginLeft: 330,
        x: { label: "rows with a valid hash", domain: [0, 1], tickFormat: ".0%", grid: true },
        y: { label: null },
        marks: [
          Plot.axisY({ label: null, tickFormat: shortLabel, lineWidth: 32 }),
          Plot.barX(
            coverage.filter((r) => r.total > 0),
            {
              x: share,
              y: "table",
              fill: "#0072B2",
              title: (d: { table: string; wellFormed: number; total: number }) =>
                `${d.table}: ${d.wellFormed} of ${d.total}`,
            },
          ),
          Plot.ruleX([0, 1]),
        ],
      },
    }),
    htmlTable(coverage, [
      { header: "table", cell: (r) => r.table },
      { header: "rows", cell: (r) => formatCount(r.total), numeric: true },
      { header: "with a hash", cell: (r) => formatCount(r.hashed), numeric: true },
      { header: "well formed", cell: (r) => formatCount(r.wellFormed), numeric: true },
      { header: "coverage", cell: (r) => formatPercent(share(r)), numeric: true },
    ]),
  ].join("\n");
}
