import { col } from "../catalog.ts";
import { formatCount, formatMs, formatTime, shortLabel } from "../format.ts";
import { escapeHtml, heading, htmlTable, paragraph } from "../html.ts";
import { Plot, plotFigure, statusScale } from "../plot.ts";
import { median, runLabel, type Section } from "../section.ts";
import { RUN_HISTORY } from "../tables.ts";

const RUNS_SHOWN = 30;
const c = RUN_HISTORY.columns;

interface HistoryRow {
  run_id: string;
  action: string;
  action_type: string;
  status: string;
  rows_affected: number | null;
  started_ms: number;
  duration_ms: number;
  error: string | null;
}

interface Run {
  id: string;
  label: string;
  startMs: number;
  wallMs: number;
  rows: HistoryRow[];
}

export const runHistorySection: Section = {
  id: "run-history",
  title: "Run history",
  present: (catalog) => catalog.has(RUN_HISTORY.table, Object.values(c)),
  async render({ warehouse, catalog }) {
    const table = catalog.sql(RUN_HISTORY.table);
    const rows = await warehouse.queryGoogleSql<HistoryRow>(
      `WITH recent AS (SELECT ${col(c.runId)} AS run_id, MIN(${col(c.startedAt)}) AS run_started FROM ${table} GROUP BY 1 ORDER BY 2 DESC LIMIT ${RUNS_SHOWN})
       SELECT h.${col(c.runId)} AS run_id, h.${col(c.action)} AS action, h.${col(c.actionType)} AS action_type, h.${col(c.status)} AS status,
              h.${col(c.rows)} AS rows_affected, UNIX_MILLIS(h.${col(c.startedAt)}) AS started_ms, h.${col(c.durationMs)} AS duration_ms, h.${col(c.error)} AS error
       FROM ${table} AS h JOIN recent AS r ON r.run_id = h.${col(c.runId)}
       ORDER BY r.run_started, h.${col(c.startedAt)}, h.${col(c.action)}`,
    );
    if (rows.length === 0) return paragraph("No run recorded yet.");
    const runs = groupRuns(rows);
    const latest = runs[runs.length - 1]!;
    const work = (r: HistoryRow) => r.action_type !== "declaration";
    const statuses = [...new Set(rows.map((r) => r.status))].sort();

    const runTable = htmlTable([...runs].reverse(), [
      { header: "started (UTC)", cell: (r) => r.label },
      { header: "run", cell: (r) => r.id.slice(0, 8) },
      { header: "actions", cell: (r) => formatCount(r.rows.length), numeric: true },
      ...statuses.map((s) => ({
        header: s,
        cell: (r: Run) => formatCount(r.rows.filter((x) => x.status === s).length),
        numeric: true,
      })),
      { header: "rows written", cell: (r) => formatCount(rowsWritten(r.rows)), numeric: true },
      { header: "wall time", cell: (r) => formatMs(r.wallMs), numeric: true },
    ]);

    const perRunStatus = runs.flatMap((r) =>
      statuses.map((s) => ({ run: r.label, status: s, actions: r.rows.filter((x) => x.status === s).length })),
    );
    const statusPlot = plotFigure({
      id: "run-status",
      caption: `Actions per run by status (last ${runs.length} runs, by UTC start)`,
      rows: rows.length,
      options: {
        height: 260,
        x: { label: null, tickRotate: -30 },
        y: { label: "actions", grid: true },
        marginBottom: 70,
        color: statusScale(statuses),
        marks: [
          Plot.barY(perRunStatus, {
            x: "run",
            y: "actions",
            fill: "status",
            title: (d: { run: string; status: string; actions: number }) => `${d.run}: ${d.actions} ${d.status}`,
          }),
          Plot.ruleY([0]),
        ],
      },
    });

    const latestWork = latest.rows.filter(work).sort((a, b) => b.duration_ms - a.duration_ms);
    const durationPlot = plotFigure({
      id: "latest-run-durations",
      caption: `Latest run (${latest.label}): duration of each action, slowest first`,
      rows: latestWork.length,
      options: {
        height: Math.max(160, 18 * latestWork.length + 40),
        marginLeft: 330,
        x: { label: "seconds", grid: true },
        y: { label: null },
        color: statusScale([...new Set(latestWork.map((r) => r.status))].sort()),
        marks: [
          Plot.axisY({ label: null, tickFormat: shortLabel, lineWidth: 32 }),
          Plot.barX(latestWork, {
            x: (d: HistoryRow) => d.duration_ms / 1000,
            y: "action",
            fill: "status",
            sort: { y: "-x" },
            title: (d: HistoryRow) => `${d.action}: ${formatMs(d.duration_ms)}`,
          }),
          Plot.ruleX([0]),
        ],
      },
    });

    const gridRows = rows.filter(work).map((r) => ({ ...r, run: runs.find((x) => x.id === r.run_id)!.label }));
    const actionCount = new Set(gridRows.map((r) => r.action)).size;
    const gridPlot = plotFigure({
      id: "action-status-grid",
      caption: "Status of every action in every run, runs by UTC start (declarations left out)",
      rows: gridRows.length,
      options: {
        height: Math.max(160, 16 * actionCount + 90),
        marginLeft: 330,
        marginBottom: 70,
        x: { label: null, tickRotate: -30 },
        y: { label: null },
        color: statusScale(statuses),
        marks: [
          Plot.axisY({ label: null, tickFormat: shortLabel, lineWidth: 32 }),
          Plot.cell(gridRows, {
            x: "run",
            y: "action",
            fill: "status",
            inset: 0.5,
            title: (d: HistoryRow & { run: string }) =>
              `${d.action} @ ${d.run}: ${d.status}, ${formatMs(d.duration_ms)}`,
          }),
        ],
      },
    });

    const byAction = new Map<string, HistoryRow[]>();
    for (const r of rows.filter(work)) byAction.set(r.action, [...(byAction.get(r.action) ?? []), r]);
    const slowest = [...byAction]
      .map(([action, rs]) => ({
        action,
        type: rs[0]!.action_type,
        runs: rs.length,
        median: median(rs.map((r) => r.duration_ms)),
        max: Math.max(...rs.map((r) => r.duration_ms)),
      }))
      .sort((a, b) => b.median - a.median)
      .slice(0, 10);
    const slowTable = htmlTable(slowest, [
      { header: "action", cell: (r) => r.action },
      { header: "type", cell: (r) => r.type },
      { header: "runs", cell: (r) => formatCount(r.runs), numeric: true },
      { header: "median", cell: (r) => formatMs(r.median), numeric: true },
      { header: "slowest", cell: (r) => formatMs(r.max), numeric: true },
    ]);

    const failures = rows
      .filter((r) => r.status === "failed" || r.status === "skipped")
      .reverse()
      .slice(0, 25);
    const failureHtml =
      failures.length === 0
        ? paragraph(`No failed or skipped action in the last ${runs.length} runs.`)
        : `<div class="table-wrap"><table><thead><tr><th>time (UTC)</th><th>action</th><th>status</th><th>error</th></tr></thead><tbody>${failures
            .map(
              (f) =>
                `<tr><td>${escapeHtml(formatTime(f.started_ms))}</td><td>${escapeHtml(f.action)}</td><td>${escapeHtml(f.status)}</td><td class="error">${escapeHtml(f.error ?? "")}</td></tr>`,
            )
            .join("")}</tbody></table></div>`;

    return [
      paragraph(
        `The last ${runs.length} runs recorded in nba_processing.run_history, newest first. Rows written counts table, incremental and operation actions.`,
      ),
      runTable,
      statusPlot,
      heading(3, "Latest run"),
      durationPlot,
      heading(3, "Every action over the runs"),
      gridPlot,
      heading(3, "Slowest actions (median over the runs shown)"),
      slowTable,
      heading(3, "Failures"),
      failureHtml,
    ].join("\n");
  },
};

function groupRuns(rows: HistoryRow[]): Run[] {
  const runs = new Map<string, HistoryRow[]>();
  for (const r of rows) runs.set(r.run_id, [...(runs.get(r.run_id) ?? []), r]);
  return [...runs].map(([id, rs]) => {
    const starts = rs.map((r) => Number(r.started_ms));
    const startMs = Math.min(...starts);
    const endMs = Math.max(...rs.map((r, i) => starts[i]! + Number(r.duration_ms)));
    return { id, label: runLabel(startMs), startMs, wallMs: endMs - startMs, rows: rs };
  });
}

const rowsWritten = (rows: HistoryRow[]) =>
  rows
    .filter((r) => ["table", "incremental", "operations"].includes(r.action_type))
    .reduce((n, r) => n + Number(r.rows_affected ?? 0), 0);
