import { col } from "../catalog.ts";
import { formatCount, formatPercent } from "../format.ts";
import { htmlTable, paragraph } from "../html.ts";
import { Plot, plotFigure } from "../plot.ts";
import { epochMs, runLabel, type Section } from "../section.ts";
import { REPROCESSING_STATS } from "../tables.ts";

const RUNS_SHOWN = 20;
const c = REPROCESSING_STATS.columns;

interface StatRow {
  run_id: string;
  model: string;
  recorded_at: string;
  considered: number;
  recomputed: number;
  skipped: number;
}

export const reprocessingSection: Section = {
  id: "smart-reprocessing",
  title: "Smart reprocessing",
  present: (catalog) => catalog.has(REPROCESSING_STATS.table, Object.values(c)),
  async render({ warehouse, catalog }) {
    const table = catalog.sql(REPROCESSING_STATS.table);
    const rows = await warehouse.query<StatRow>(
      `WITH recent AS (SELECT ${col(c.runId)} AS run_id, MIN(${col(c.recordedAt)}) AS run_started FROM ${table} GROUP BY 1 ORDER BY 2 DESC LIMIT ${RUNS_SHOWN})
       SELECT s.${col(c.runId)} AS run_id, s.${col(c.model)} AS model, CAST(r.run_started AS VARCHAR) AS recorded_at,
              s.${col(c.considered)} AS considered, s.${col(c.recomputed)} AS recomputed, s.${col(c.skipped)} AS skipped
       FROM ${table} AS s JOIN recent AS r ON r.run_id = s.${col(c.runId)}
       ORDER BY r.run_started, s.${col(c.model)}`,
    );
    if (rows.length === 0) return paragraph("No incremental run has recorded its entities yet.");
    const labelled = rows.map((r) => ({ ...r, run: runLabel(epochMs(r.recorded_at)), considered: Number(r.considered), recomputed: Number(r.recomputed), skipped: Number(r.skipped) }));
    const stacked = labelled.flatMap((r) => [
      { run: r.run, model: r.model, what: "recomputed", entities: r.recomputed },
      { run: r.run, model: r.model, what: "skipped", entities: r.skipped },
    ]);
    const models = [...new Set(labelled.map((r) => r.model))].sort();
    const latestRun = labelled[labelled.length - 1]!.run_id;
    const latest = labelled.filter((r) => r.run_id === latestRun);
    return [
      paragraph("Per model and run: the entities (players or teams) whose upstream digest changed or that are new are recomputed; the rest are skipped."),
      plotFigure({
        id: "reprocessing-per-run", caption: "Entities recomputed vs skipped, per model and run (runs by UTC start)", rows: stacked.length,
        options: {
          height: 130 * models.length + 80, marginBottom: 70, marginRight: 160,
          x: { label: null, tickRotate: -30 }, y: { label: "entities", grid: true }, fy: { label: null },
          color: { domain: ["recomputed", "skipped"], range: ["#D55E00", "#56B4E9"], legend: true },
          marks: [Plot.barY(stacked, { x: "run", y: "entities", fill: "what", fy: "model", title: (d: { model: string; what: string; entities: number }) => `${d.model}: ${d.entities} ${d.what}` }), Plot.ruleY([0])],
        },
      }),
      htmlTable(latest, [
        { header: "model", cell: (r) => r.model },
        { header: "considered", cell: (r) => formatCount(r.considered), numeric: true },
        { header: "recomputed", cell: (r) => formatCount(r.recomputed), numeric: true },
        { header: "skipped", cell: (r) => formatCount(r.skipped), numeric: true },
        { header: "skipped share", cell: (r) => formatPercent(r.considered === 0 ? null : r.skipped / r.considered), numeric: true },
      ], `Latest run (${latest[0]!.run})`),
    ].join("\n");
  },
};
