import { col } from "../catalog.ts";
import { formatCount, formatPercent } from "../format.ts";
import { htmlTable, paragraph } from "../html.ts";
import { Plot, plotFigure } from "../plot.ts";
import { runLabel, type Section } from "../section.ts";
import { REPROCESSING_STATS } from "../tables.ts";

const RUNS_SHOWN = 20;
const c = REPROCESSING_STATS.columns;

interface StatRow {
  model: string;
  run_index: number;
  recorded_ms: number;
  considered: number;
  recomputed: number;
  skipped: number;
  failed: number;
}

export const reprocessingSection: Section = {
  id: "smart-reprocessing",
  title: "Smart reprocessing",
  present: (catalog) => catalog.has(REPROCESSING_STATS.table, Object.values(c)),
  async render({ warehouse, catalog }) {
    const table = catalog.sql(REPROCESSING_STATS.table);
    // The n-th latest row of each model is the n-th latest run; a run is labelled by its earliest row.
    const rows = await warehouse.queryGoogleSql<StatRow>(
      `WITH numbered AS (
         SELECT ${col(c.model)} AS model, ${col(c.recordedAt)} AS recorded_at, ${col(c.considered)} AS considered,
                ${col(c.recomputed)} AS recomputed, ${col(c.skipped)} AS skipped, ${col(c.failed)} AS failed,
                ROW_NUMBER() OVER (PARTITION BY ${col(c.model)} ORDER BY ${col(c.recordedAt)} DESC) AS run_index
         FROM ${table})
       SELECT model, run_index, MIN(UNIX_MILLIS(recorded_at)) OVER (PARTITION BY run_index) AS recorded_ms, considered, recomputed, skipped, failed
       FROM numbered WHERE run_index <= ${RUNS_SHOWN} ORDER BY run_index DESC, model`,
    );
    if (rows.length === 0) return paragraph("No incremental run has recorded its entities yet.");
    const labelled = rows.map((r) => ({
      ...r,
      run: runLabel(Number(r.recorded_ms)),
      considered: Number(r.considered),
      recomputed: Number(r.recomputed),
      skipped: Number(r.skipped),
      failed: Number(r.failed),
    }));
    const stacked = labelled.flatMap((r) => [
      { run: r.run, model: r.model, what: "recomputed", entities: r.recomputed },
      { run: r.run, model: r.model, what: "skipped", entities: r.skipped },
      { run: r.run, model: r.model, what: "failed a gate", entities: r.failed },
    ]);
    const models = [...new Set(labelled.map((r) => r.model))].sort();
    const latest = labelled.filter((r) => Number(r.run_index) === 1);
    return [
      paragraph(
        "Per model and run: the (entity, date) pairs whose upstream digest changed or that are new are recomputed, the rest skipped; pairs below a gate get a failure row instead.",
      ),
      plotFigure({
        id: "reprocessing-per-run",
        caption: "Entities recomputed vs skipped, per model and run (runs by UTC start)",
        rows: stacked.length,
        options: {
          height: 130 * models.length + 80,
          marginBottom: 70,
          marginRight: 160,
          x: { label: null, tickRotate: -30 },
          y: { label: "entities", grid: true },
          fy: { label: null },
          color: {
            domain: ["recomputed", "skipped", "failed a gate"],
            range: ["#D55E00", "#56B4E9", "#999999"],
            legend: true,
          },
          marks: [
            Plot.barY(stacked, {
              x: "run",
              y: "entities",
              fill: "what",
              fy: "model",
              title: (d: { model: string; what: string; entities: number }) => `${d.model}: ${d.entities} ${d.what}`,
            }),
            Plot.ruleY([0]),
          ],
        },
      }),
      htmlTable(
        latest,
        [
          { header: "model", cell: (r) => r.model },
          { header: "considered", cell: (r) => formatCount(r.considered), numeric: true },
          { header: "recomputed", cell: (r) => formatCount(r.recomputed), numeric: true },
          { header: "skipped", cell: (r) => formatCount(r.skipped), numeric: true },
          { header: "failed a gate", cell: (r) => formatCount(r.failed), numeric: true },
          {
            header: "skipped share",
            cell: (r) => formatPercent(r.considered === 0 ? null : r.skipped / r.considered),
            numeric: true,
          },
        ],
        `Latest run (${latest[0]!.run})`,
      ),
    ].join("\n");
  },
};
