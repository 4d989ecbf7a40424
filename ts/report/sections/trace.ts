import { col } from "../catalog.ts";
import { formatCount, formatMs, shortLabel } from "../format.ts";
import { htmlTable, paragraph } from "../html.ts";
import { Plot, plotFigure, statusScale } from "../plot.ts";
import { runLabel, type Section } from "../section.ts";
import { RUN_HISTORY, TRACE } from "../tables.ts";

const h = RUN_HISTORY.columns;
const t = TRACE.columns;

interface TraceRow {
  action: string;
  action_type: string;
  status: string;
  rows_affected: number | null;
  started_ms: number;
  duration_ms: number;
  phase: string | null;
}

export const traceSection: Section = {
  id: "trace",
  title: "Trace",
  present: (catalog) => catalog.has(TRACE.table, [t.correlationId]),
  async render({ warehouse, catalog }) {
    const table = catalog.sql(TRACE.table);
    const hasKind = catalog.hasColumn(TRACE.table, t.kind);
    const hasPhase = catalog.hasColumn(TRACE.table, t.phase);
    const [last] = await warehouse.queryGoogleSql<{ id: string }>(
      `SELECT ${col(t.correlationId)} AS id FROM ${table}
       WHERE ${col(t.correlationId)} IS NOT NULL ${hasKind ? `AND ${col(t.kind)} = @kind` : ""}
       GROUP BY 1 ORDER BY MAX(${col(h.startedAt)}) DESC LIMIT 1`,
      hasKind ? { params: { kind: TRACE.dailyKind } } : {},
    );
    if (!last)
      return paragraph(
        hasKind ? "No daily run has recorded a correlation id yet." : "No run has recorded a correlation id yet.",
      );
    const rows = await warehouse.queryGoogleSql<TraceRow>(
      `SELECT ${col(h.action)} AS action, ${col(h.actionType)} AS action_type, ${col(h.status)} AS status, ${col(h.rows)} AS rows_affected,
              UNIX_MILLIS(${col(h.startedAt)}) AS started_ms, ${col(h.durationMs)} AS duration_ms, ${hasPhase ? col(t.phase) : "NULL"} AS phase
       FROM ${table} WHERE ${col(t.correlationId)} = @id AND ${col(h.actionType)} <> 'declaration'
       ORDER BY ${col(h.startedAt)}, ${col(h.action)}`,
      { params: { id: last.id } },
    );
    const steps = rows.map((r) => {
      const start = Number(r.started_ms);
      return {
        ...r,
        phase: r.phase ?? phaseOf(catalog.unprefixed(r.action), r.action_type),
        start: new Date(start),
        end: new Date(start + Math.max(1, Number(r.duration_ms))),
      };
    });
    const phases = [...new Set(steps.map((s) => s.phase))];
    const perPhase = phases.map((phase) => {
      const ss = steps.filter((s) => s.phase === phase);
      const from = Math.min(...ss.map((s) => s.start.getTime()));
      const to = Math.max(...ss.map((s) => s.end.getTime()));
      return {
        phase,
        actions: ss.length,
        failed: ss.filter((s) => s.status !== "succeeded").length,
        from: runLabel(from),
        wall: to - from,
        rows: ss.filter((s) => s.action_type !== "assertion").reduce((n, s) => n + Number(s.rows_affected ?? 0), 0),
      };
    });
    return [
      paragraph(
        `Correlation id ${last.id}${hasKind ? ` (the last ${TRACE.dailyKind} run)` : " (the last run that recorded one)"}: every action it ran, phase by phase.`,
      ),
      plotFigure({
        id: "trace-timeline",
        caption: "Actions of the run on a time line, coloured by phase",
        rows: steps.length,
        options: {
          height: Math.max(160, 16 * steps.length + 70),
          marginLeft: 330,
          x: { type: "utc", label: "time (UTC)", grid: true },
          y: { label: null, domain: steps.map((s) => s.action) },
          color: { domain: phases, legend: true },
          marks: [
            Plot.axisY({ label: null, tickFormat: shortLabel, lineWidth: 32 }),
            Plot.barX(steps, {
              x1: "start",
              x2: "end",
              y: "action",
              fill: "phase",
              title: (d: { action: string; status: string; duration_ms: number }) =>
                `${d.action}: ${d.status}, ${formatMs(Number(d.duration_ms))}`,
            }),
          ],
        },
      }),
      htmlTable(perPhase, [
        { header: "phase", cell: (r) => r.phase },
        { header: "started (UTC)", cell: (r) => r.from },
        { header: "actions", cell: (r) => formatCount(r.actions), numeric: true },
        { header: "not succeeded", cell: (r) => formatCount(r.failed), numeric: true },
        { header: "rows written", cell: (r) => formatCount(r.rows), numeric: true },
        { header: "wall time", cell: (r) => formatMs(r.wall), numeric: true },
      ]),
      plotFigure({
        id: "trace-status",
        caption: "Status of the run's actions per phase",
        rows: steps.length,
        options: {
          height: 40 * phases.length + 70,
          marginLeft: 110,
          x: { label: "actions", grid: true },
          y: { label: null, domain: phases },
          color: statusScale([...new Set(steps.map((s) => s.status))].sort()),
          marks: [Plot.barX(steps, Plot.groupY({ x: "count" }, { y: "phase", fill: "status" })), Plot.ruleX([0])],
        },
      }),
    ].join("\n");
  },
};

/** The phase of an action, from its dataset (assertions are named after what they check: their own phase). */
export function phaseOf(action: string, actionType: string): string {
  if (actionType === "assertion") return "assertions";
  return TRACE.phaseByAction.find(([prefix]) => action.startsWith(prefix))?.[1] ?? "other";
}
