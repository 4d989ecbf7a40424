import { col } from "../catalog.ts";
import { formatCount, formatPercent, seasonOf, weekOf } from "../format.ts";
import { heading, htmlTable, paragraph } from "../html.ts";
import { Plot, plotFigure } from "../plot.ts";
import type { ReportContext, Section } from "../section.ts";
import { COVERAGE, INJURY_RECORDS, PRECOMPUTE_FAILURES, ROWS_PER_SEASON, type TableName } from "../tables.ts";

const UNDATED = "undated";

export const dataSection: Section = {
  id: "data",
  title: "Data",
  present: (catalog) => ROWS_PER_SEASON.schemas.some((s) => catalog.tablesIn(s).length > 0),
  async render(ctx) {
    const parts = [heading(3, "Rows per table per season"), await rowsPerSeason(ctx)];
    const coverage = await coverageByDate(ctx);
    if (coverage) parts.push(heading(3, "Coverage by game date"), coverage);
    if (ctx.catalog.has(PRECOMPUTE_FAILURES.table, Object.values(PRECOMPUTE_FAILURES.columns))) {
      parts.push(heading(3, "Precompute failures by reason"), await precomputeFailures(ctx));
    }
    return parts.join("\n");
  },
};

async function rowsPerSeason({ warehouse, catalog }: ReportContext): Promise<string> {
  const cells: { table: string; season: string; rows: number }[] = [];
  const tables = ROWS_PER_SEASON.schemas.flatMap((s) => catalog.tablesIn(s));
  for (const t of tables) {
    const name = `${t.schema}.${t.name}`;
    const dateColumn = ROWS_PER_SEASON.dateColumns.find((d) => catalog.hasColumn(t, d));
    if (!dateColumn) {
      const [r] = await warehouse.queryGoogleSql<{ n: number }>(`SELECT COUNT(*) AS n FROM ${catalog.sql(t)}`);
      cells.push({ table: name, season: UNDATED, rows: Number(r!.n) });
      continue;
    }
    const d = col(dateColumn);
    const months = await warehouse.queryGoogleSql<{ y: number | null; m: number | null; n: number }>(
      `SELECT EXTRACT(YEAR FROM ${d}) AS y, EXTRACT(MONTH FROM ${d}) AS m, COUNT(*) AS n FROM ${catalog.sql(t)} GROUP BY 1, 2`,
    );
    const bySeason = new Map<string, number>();
    for (const m of months) {
      const season = m.y === null || m.m === null ? UNDATED : seasonOf(Number(m.y), Number(m.m));
      bySeason.set(season, (bySeason.get(season) ?? 0) + Number(m.n));
    }
    for (const [season, rows] of bySeason) cells.push({ table: name, season, rows });
  }
  const seasons = [...new Set(cells.map((c) => c.season))].sort((a, b) =>
    a === UNDATED ? 1 : b === UNDATED ? -1 : a.localeCompare(b),
  );
  const tableNames = tables.map((t) => `${t.schema}.${t.name}`);
  const nonEmpty = cells.filter((c) => c.rows > 0);
  const matrix = tableNames.map((table) => ({
    table,
    bySeason: Object.fromEntries(
      seasons.map((s) => [s, cells.find((c) => c.table === table && c.season === s)?.rows ?? 0]),
    ),
  }));
  return [
    plotFigure({
      id: "rows-per-season",
      caption: "Rows per table and season (seasons run 1 July to 30 June; colour on a log scale)",
      rows: nonEmpty.length,
      options: {
        height: 22 * tableNames.length + 60,
        marginLeft: 330,
        x: { label: null, domain: seasons, axis: "top" },
        y: { label: null, domain: tableNames },
        color: { type: "log", scheme: "blues", legend: false },
        marks: [
          Plot.cell(nonEmpty, { x: "season", y: "table", fill: "rows", inset: 0.5 }),
          Plot.text(nonEmpty, {
            x: "season",
            y: "table",
            text: (d: { rows: number }) => compact(d.rows),
            fill: (d: { rows: number }) => (d.rows > brightCut(nonEmpty) ? "white" : "black"),
          }),
        ],
      },
    }),
    htmlTable(matrix, [
      { header: "table", cell: (r) => r.table },
      ...seasons.map((s) => ({
        header: s,
        cell: (r: (typeof matrix)[number]) => formatCount(r.bySeason[s]),
        numeric: true,
      })),
      {
        header: "total",
        cell: (r) => formatCount(Object.values(r.bySeason).reduce((a, b) => a + b, 0)),
        numeric: true,
      },
    ]),
  ].join("\n");
}

/** Where the log colour scale turns dark enough that the label must be white. */
function brightCut(cells: { rows: number }[]): number {
  const max = Math.max(...cells.map((c) => c.rows));
  const min = Math.max(1, Math.min(...cells.map((c) => c.rows)));
  return Math.exp(Math.log(min) + 0.6 * (Math.log(max) - Math.log(min)));
}

const compact = (n: number) =>
  new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format(n);

async function coverageByDate({ warehouse, catalog }: ReportContext): Promise<string | null> {
  const present = COVERAGE.filter((s) => catalog.has(s.table, [s.date, s.present.column]));
  const strip: { source: string; date: Date; next: Date; rows: number; share: number }[] = [];
  for (const s of present) {
    const p = col(s.present.column);
    const test = s.present.when === "true" ? `${p} IS TRUE` : `${p} IS NOT NULL`;
    const rows = await warehouse.queryGoogleSql<{ d: string; n: number; covered: number }>(
      `SELECT CAST(${col(s.date)} AS STRING) AS d, COUNT(*) AS n, COUNTIF(${test}) AS covered FROM ${catalog.sql(s.table)} GROUP BY 1 ORDER BY 1`,
    );
    for (const r of rows) {
      const date = new Date(`${r.d}T00:00:00Z`);
      strip.push({
        source: s.label,
        date,
        next: new Date(date.getTime() + 86_400_000),
        rows: Number(r.n),
        share: Number(r.covered) / Number(r.n),
      });
    }
  }
  const injuries = catalog.has(INJURY_RECORDS.table, [INJURY_RECORDS.date])
    ? (
        await warehouse.queryGoogleSql<{ d: string; n: number }>(
          `SELECT CAST(${col(INJURY_RECORDS.date)} AS STRING) AS d, COUNT(*) AS n FROM ${catalog.sql(INJURY_RECORDS.table)} WHERE ${col(INJURY_RECORDS.date)} IS NOT NULL GROUP BY 1 ORDER BY 1`,
        )
      ).map((r) => ({ week: weekOf(r.d), records: Number(r.n) }))
    : [];
  const perWeek = new Map<string, number>();
  for (const r of injuries) perWeek.set(r.week, (perWeek.get(r.week) ?? 0) + r.records);
  const injuryWeeks = [...perWeek].map(([week, records]) => ({
    week: new Date(`${week}T00:00:00Z`),
    next: new Date(Date.parse(`${week}T00:00:00Z`) + 7 * 86_400_000),
    records,
  }));
  if (strip.length === 0 && injuries.length === 0) return null;

  const parts: string[] = [];
  if (strip.length > 0) {
    const sources = present.map((s) => s.label);
    parts.push(
      paragraph(
        `Share of each game date's player-games that have the source: ${present.map((s) => `${s.label} from ${tableLabel(s.table)}`).join("; ")}. Grey = no player-game covered; blank = no games that day.`,
      ),
      plotFigure({
        id: "coverage-strip",
        caption: "Coverage by game date (darker = more of the day's player-games covered)",
        rows: strip.length,
        options: {
          height: 40 * sources.length + 80,
          marginLeft: 110,
          x: { type: "utc", label: null },
          y: { label: null, domain: sources },
          color: {
            type: "threshold",
            domain: [1e-9, 0.2, 0.4, 0.6, 0.8, 0.999],
            range: ["#d9d9d9", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"],
            legend: true,
            label: "share of player-games covered (grey = none)",
            tickFormat: ".0%",
          },
          marks: [
            Plot.barX(strip, {
              x1: "date",
              x2: "next",
              y: "source",
              fill: "share",
              title: (d: { source: string; date: Date; share: number; rows: number }) =>
                `${d.date.toISOString().slice(0, 10)} ${d.source}: ${formatPercent(d.share)} of ${d.rows}`,
            }),
          ],
        },
      }),
      htmlTable(
        sources.map((source) => {
          const days = strip.filter((r) => r.source === source);
          const rows = days.reduce((n, r) => n + r.rows, 0);
          const covered = days.reduce((n, r) => n + r.share * r.rows, 0);
          return {
            source,
            days: days.length,
            daysCovered: days.filter((r) => r.share > 0).length,
            share: rows === 0 ? null : covered / rows,
          };
        }),
        [
          { header: "source", cell: (r) => r.source },
          { header: "game dates", cell: (r) => formatCount(r.days), numeric: true },
          { header: "dates with any coverage", cell: (r) => formatCount(r.daysCovered), numeric: true },
          { header: "player-games covered", cell: (r) => formatPercent(r.share), numeric: true },
        ],
      ),
    );
  }
  if (injuries.length > 0) {
    parts.push(
      plotFigure({
        id: "injury-records",
        caption: `Injury records per week (${tableLabel(INJURY_RECORDS.table)}, a transaction log)`,
        rows: injuryWeeks.length,
        options: {
          height: 180,
          x: { type: "utc", label: "week" },
          y: { label: "records", grid: true },
          marks: [
            Plot.rectY(injuryWeeks, {
              x1: "week",
              x2: "next",
              y: "records",
              fill: "#E69F00",
              insetLeft: 0,
              insetRight: 0,
            }),
            Plot.ruleY([0]),
          ],
        },
      }),
    );
  }
  return parts.join("\n");
}

const tableLabel = (t: TableName) => `${t.schema}.${t.name}`;

async function precomputeFailures({ warehouse, catalog }: ReportContext): Promise<string> {
  const c = PRECOMPUTE_FAILURES.columns;
  const rows = await warehouse.queryGoogleSql<{
    processor: string;
    category: string;
    reason: string;
    failures: number;
    entities: number;
    dates: number;
  }>(
    `SELECT ${col(c.processor)} AS processor, ${col(c.category)} AS category, ${col(c.reason)} AS reason, COUNT(*) AS failures,
            COUNT(DISTINCT ${col(c.entity)}) AS entities, COUNT(DISTINCT ${col(c.date)}) AS dates
     FROM ${catalog.sql(PRECOMPUTE_FAILURES.table)} GROUP BY 1, 2, 3 ORDER BY 4 DESC`,
  );
  const data = rows.map((r) => ({ ...r, failures: Number(r.failures) }));
  return [
    plotFigure({
      id: "precompute-failures",
      caption: "Phase 4 entities that failed a gate, by reason and processor",
      rows: data.length,
      options: {
        height: 30 * new Set(data.map((r) => r.reason)).size + 80,
        marginLeft: 260,
        x: { label: "failures", grid: true },
        y: { label: null },
        color: { legend: true },
        marks: [
          Plot.barX(data, {
            x: "failures",
            y: "reason",
            fill: "processor",
            sort: { y: "-x" },
            title: (d: { processor: string; reason: string; failures: number }) =>
              `${d.processor} / ${d.reason}: ${d.failures}`,
          }),
          Plot.ruleX([0]),
        ],
      },
    }),
    htmlTable(data, [
      { header: "processor", cell: (r) => r.processor },
      { header: "category", cell: (r) => r.category },
      { header: "reason", cell: (r) => r.reason },
      { header: "failures", cell: (r) => formatCount(r.failures), numeric: true },
      { header: "entities", cell: (r) => formatCount(Number(r.entities)), numeric: true },
      { header: "dates", cell: (r) => formatCount(Number(r.dates)), numeric: true },
    ]),
  ].join("\n");
}
