import { wilson } from "../../predictions/evaluation.ts";
import { col } from "../catalog.ts";
import { formatCount, formatNumber, formatPercent, weekOf } from "../format.ts";
import { heading, htmlTable, paragraph } from "../html.ts";
import { Plot, plotFigure } from "../plot.ts";
import type { ReportContext, Section } from "../section.ts";
import { BREAK_EVEN_HIT_RATE, DAILY_PERFORMANCE, PREDICTION_ACCURACY, PREDICTIONS } from "../tables.ts";

const CALIBRATION_BINS = 20;
const CALIBRATION_MIN_ROWS = 20;

export const predictionsSection: Section = {
  id: "predictions",
  title: "Predictions",
  present: (catalog) => catalog.has(PREDICTIONS.table, Object.values(PREDICTIONS.columns)),
  async render(ctx) {
    const parts = [heading(3, "Volume"), await volume(ctx)];
    if (ctx.catalog.has(DAILY_PERFORMANCE.table, Object.values(DAILY_PERFORMANCE.columns)))
      parts.push(await grading(ctx));
    if (ctx.catalog.has(PREDICTION_ACCURACY.table, Object.values(PREDICTION_ACCURACY.columns)))
      parts.push(heading(3, "Calibration"), await calibration(ctx));
    return parts.join("\n");
  },
};

async function volume({ warehouse, catalog }: ReportContext): Promise<string> {
  const c = PREDICTIONS.columns;
  const rows = (
    await warehouse.queryGoogleSql<{ d: string; market: string; system: string; n: number; bets: number }>(
      `SELECT CAST(${col(c.gameDate)} AS STRING) AS d, ${col(c.market)} AS market, ${col(c.system)} AS system, COUNT(*) AS n,
            COUNTIF(${col(c.recommendation)} IN ('OVER', 'UNDER')) AS bets
     FROM ${catalog.sql(PREDICTIONS.table)} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )
  ).map((r) => ({ ...r, date: new Date(`${r.d}T00:00:00Z`), n: Number(r.n), bets: Number(r.bets) }));
  const markets = [...new Set(rows.map((r) => r.market))].sort();
  const totals = new Map<string, { market: string; system: string; n: number; bets: number; dates: number }>();
  for (const r of rows) {
    const key = `${r.market}\u0000${r.system}`;
    const t = totals.get(key) ?? { market: r.market, system: r.system, n: 0, bets: 0, dates: 0 };
    t.n += r.n;
    t.bets += r.bets;
    t.dates += 1;
    totals.set(key, t);
  }
  return [
    plotFigure({
      id: "prediction-volume",
      caption: "Predictions per game date, by market and system",
      rows: rows.length,
      options: {
        height: 150 * markets.length + 60,
        marginRight: 90,
        x: { type: "utc", label: "game date" },
        y: { label: "predictions", grid: true },
        fy: { label: null, domain: markets },
        color: { legend: true },
        marks: [
          Plot.lineY(rows, {
            x: "date",
            y: "n",
            stroke: "system",
            fy: "market",
            curve: "step",
            title: (d: { system: string; n: number }) => `${d.system}: ${d.n}`,
          }),
          Plot.ruleY([0]),
        ],
      },
    }),
    htmlTable(
      [...totals.values()],
      [
        { header: "market", cell: (r) => r.market },
        { header: "system", cell: (r) => r.system },
        { header: "game dates", cell: (r) => formatCount(r.dates), numeric: true },
        { header: "predictions", cell: (r) => formatCount(r.n), numeric: true },
        { header: "OVER/UNDER calls", cell: (r) => formatCount(r.bets), numeric: true },
      ],
    ),
  ].join("\n");
}

interface DailyRow {
  system: string;
  market: string;
  d: string;
  predictions: number;
  mae: number;
  bias: number;
  bets: number;
  wins: number;
  lined: number;
  lined_mae: number | null;
  line_mae: number | null;
  line_bias: number | null;
  under_bets: number;
  under_wins: number;
}

/** Figures of a group of days: errors weighted by their rows, hit rates from the summed wins and bets. */
export interface GradedFigures {
  predictions: number;
  mae: number | null;
  bias: number | null;
  lined: number;
  linedMae: number | null;
  lineMae: number | null;
  lineBias: number | null;
  bets: number;
  hitRate: number | null;
  hitLow: number | null;
  hitHigh: number | null;
  underBets: number;
  underHitRate: number | null;
  underLow: number | null;
  underHigh: number | null;
}

export function combineDays(days: DailyRow[]): GradedFigures {
  const weighted = (f: (d: DailyRow) => number | null, weight: (d: DailyRow) => number) => {
    const known = days.filter((d) => f(d) !== null && weight(d) > 0);
    const n = sum(known, weight);
    return n === 0 ? null : sum(known, (d) => f(d)! * weight(d)) / n;
  };
  const bets = sum(days, (d) => d.bets);
  const wins = sum(days, (d) => d.wins);
  const underBets = sum(days, (d) => d.under_bets);
  const underWins = sum(days, (d) => d.under_wins);
  const hit = wilson(wins, bets);
  const under = wilson(underWins, underBets);
  return {
    predictions: sum(days, (d) => d.predictions),
    mae: weighted(
      (d) => d.mae,
      (d) => d.predictions,
    ),
    bias: weighted(
      (d) => d.bias,
      (d) => d.predictions,
    ),
    lined: sum(days, (d) => d.lined),
    linedMae: weighted(
      (d) => d.lined_mae,
      (d) => d.lined,
    ),
    lineMae: weighted(
      (d) => d.line_mae,
      (d) => d.lined,
    ),
    lineBias: weighted(
      (d) => d.line_bias,
      (d) => d.lined,
    ),
    bets,
    hitRate: bets === 0 ? null : wins / bets,
    hitLow: hit.lower,
    hitHigh: hit.upper,
    underBets,
    underHitRate: underBets === 0 ? null : underWins / underBets,
    underLow: under.lower,
    underHigh: under.upper,
  };
}

const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((n, x) => n + Number(f(x) ?? 0), 0);

async function grading({ warehouse, catalog }: ReportContext): Promise<string> {
  const c = DAILY_PERFORMANCE.columns;
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const days = (
    await warehouse.queryGoogleSql<DailyRow>(
      `SELECT ${col(c.system)} AS system, ${col(c.market)} AS market, CAST(${col(c.date)} AS STRING) AS d, ${col(c.predictions)} AS predictions,
            ${col(c.mae)} AS mae, ${col(c.bias)} AS bias, ${col(c.bets)} AS bets, ${col(c.wins)} AS wins, ${col(c.lined)} AS lined,
            ${col(c.linedMae)} AS lined_mae, ${col(c.lineMae)} AS line_mae, ${col(c.lineBias)} AS line_bias,
            ${col(c.underBets)} AS under_bets, ${col(c.underWins)} AS under_wins
     FROM ${catalog.sql(DAILY_PERFORMANCE.table)} ORDER BY 2, 1, 3`,
    )
  ).map((r) => ({
    ...r,
    predictions: Number(r.predictions),
    mae: Number(r.mae),
    bias: Number(r.bias),
    bets: Number(r.bets ?? 0),
    wins: Number(r.wins ?? 0),
    lined: Number(r.lined ?? 0),
    lined_mae: num(r.lined_mae),
    line_mae: num(r.line_mae),
    line_bias: num(r.line_bias),
    under_bets: Number(r.under_bets ?? 0),
    under_wins: Number(r.under_wins ?? 0),
  }));
  if (days.length === 0) return [heading(3, "Grading"), paragraph("No graded prediction yet.")].join("\n");
  const groups = (key: (d: DailyRow) => string) => {
    const m = new Map<string, DailyRow[]>();
    for (const d of days) m.set(key(d), [...(m.get(key(d)) ?? []), d]);
    return m;
  };
  const overall = [...groups((d) => `${d.market}\u0000${d.system}`).values()].map((ds) => ({
    market: ds[0]!.market,
    system: ds[0]!.system,
    ...combineDays(ds),
  }));
  const weekly = [...groups((d) => `${d.market}\u0000${d.system}\u0000${weekOf(d.d)}`).values()].map((ds) => ({
    market: ds[0]!.market,
    system: ds[0]!.system,
    week: new Date(`${weekOf(ds[0]!.d)}T00:00:00Z`),
    ...combineDays(ds),
  }));
  const lineWeekly = [...groups((d) => `${d.market}\u0000${weekOf(d.d)}`).values()].map((ds) => ({
    market: ds[0]!.market,
    week: new Date(`${weekOf(ds[0]!.d)}T00:00:00Z`),
    ...combineDays(ds),
  }));
  const markets = [...new Set(days.map((d) => d.market))].sort();
  const systems = [...new Set(days.map((d) => d.system))].sort();
  const interval = (p: number | null, lo: number | null, hi: number | null) =>
    p === null ? "–" : `${formatPercent(p)} (${formatPercent(lo)}–${formatPercent(hi)})`;
  const withBets = weekly.filter((w) => w.bets > 0);
  const underWeekly = lineWeekly.filter((w) => w.underBets > 0);

  return [
    heading(3, "Grading"),
    paragraph(
      `Per system and market over all graded dates. Hit rate counts OVER/UNDER calls (pushes and passes excluded), with its Wilson 95% interval; break-even at -110 is ${formatPercent(BREAK_EVEN_HIT_RATE)}. "Predict the line" uses the stored line as the prediction, compared with the system's MAE on the same rows (those with a line); "always UNDER" bets UNDER on every decided prop of those rows.`,
    ),
    htmlTable(overall, [
      { header: "market", cell: (r) => r.market },
      { header: "system", cell: (r) => r.system },
      { header: "predictions", cell: (r) => formatCount(r.predictions), numeric: true },
      { header: "MAE", cell: (r) => formatNumber(r.mae), numeric: true },
      { header: "bias", cell: (r) => formatNumber(r.bias), numeric: true },
      { header: "with a line", cell: (r) => formatCount(r.lined), numeric: true },
      {
        header: "MAE there / the line's",
        cell: (r) => `${formatNumber(r.linedMae)} / ${formatNumber(r.lineMae)}`,
        numeric: true,
      },
      { header: "bets", cell: (r) => formatCount(r.bets), numeric: true },
      { header: "hit rate (95% CI)", cell: (r) => interval(r.hitRate, r.hitLow, r.hitHigh), numeric: true },
      {
        header: "always UNDER (95% CI)",
        cell: (r) => interval(r.underHitRate, r.underLow, r.underHigh),
        numeric: true,
      },
    ]),
    plotFigure({
      id: "grading-mae",
      caption: "Weekly MAE per system (solid) against predicting the line (black, dashed)",
      rows: weekly.length,
      options: {
        height: 170 * markets.length + 60,
        marginRight: 90,
        x: { type: "utc", label: "week" },
        y: { label: "MAE", grid: true, zero: true },
        fy: { label: null, domain: markets },
        color: { legend: true, domain: systems },
        marks: [
          Plot.lineY(weekly, { x: "week", y: "mae", stroke: "system", fy: "market", marker: "dot" }),
          Plot.lineY(
            lineWeekly.filter((w) => w.lineMae !== null),
            { x: "week", y: "lineMae", fy: "market", stroke: "black", strokeDasharray: "5,3" },
          ),
        ],
      },
    }),
    plotFigure({
      id: "grading-bias",
      caption: "Weekly bias (mean predicted − actual) per system; 0 is unbiased",
      rows: weekly.length,
      options: {
        height: 150 * markets.length + 60,
        marginRight: 90,
        x: { type: "utc", label: "week" },
        y: { label: "bias", grid: true },
        fy: { label: null, domain: markets },
        color: { legend: true, domain: systems },
        marks: [
          Plot.ruleY([0]),
          Plot.lineY(weekly, { x: "week", y: "bias", stroke: "system", fy: "market", marker: "dot" }),
        ],
      },
    }),
    plotFigure({
      id: "grading-hit-rate",
      caption: `Weekly hit rate with its 95% band, against break-even (${formatPercent(BREAK_EVEN_HIT_RATE)}, red dashed) and "always UNDER" (grey)`,
      rows: withBets.length,
      options: {
        height: 150 * markets.length + 80,
        marginRight: 90,
        x: { type: "utc", label: "week" },
        y: { label: "hit rate", grid: true, domain: [0, 1], tickFormat: ".0%" },
        fx: { label: null, domain: systems },
        fy: { label: null, domain: markets },
        marks: [
          Plot.areaY(withBets, {
            x: "week",
            y1: "hitLow",
            y2: "hitHigh",
            fx: "system",
            fy: "market",
            fill: "#0072B2",
            fillOpacity: 0.2,
          }),
          Plot.ruleX(withBets, {
            x: "week",
            y1: "hitLow",
            y2: "hitHigh",
            fx: "system",
            fy: "market",
            stroke: "#0072B2",
            strokeOpacity: 0.5,
          }),
          Plot.lineY(withBets, {
            x: "week",
            y: "hitRate",
            fx: "system",
            fy: "market",
            stroke: "#0072B2",
            marker: "dot",
          }),
          Plot.ruleY([BREAK_EVEN_HIT_RATE], { stroke: "#D55E00", strokeDasharray: "4,3" }),
          ...systems.map((system) =>
            Plot.lineY(underWeekly, { x: "week", y: "underHitRate", fy: "market", fx: () => system, stroke: "#777" }),
          ),
        ],
      },
    }),
  ].join("\n");
}

async function calibration({ warehouse, catalog }: ReportContext): Promise<string> {
  const c = PREDICTION_ACCURACY.columns;
  const rows = (
    await warehouse.queryGoogleSql<{ system: string; market: string; predicted: number; actual: number; n: number }>(
      `WITH graded AS (
       SELECT ${col(c.system)} AS system, ${col(c.market)} AS market, ${col(c.predicted)} AS predicted, ${col(c.actual)} AS actual,
              MIN(${col(c.predicted)}) OVER (PARTITION BY ${col(c.market)}) AS lo, MAX(${col(c.predicted)}) OVER (PARTITION BY ${col(c.market)}) AS hi
       FROM ${catalog.sql(PREDICTION_ACCURACY.table)} WHERE ${col(c.predicted)} IS NOT NULL AND ${col(c.actual)} IS NOT NULL)
     SELECT system, market, AVG(predicted) AS predicted, AVG(actual) AS actual, COUNT(*) AS n
     FROM graded GROUP BY system, market, LEAST(${CALIBRATION_BINS - 1}, FLOOR((predicted - lo) / NULLIF((hi - lo) / ${CALIBRATION_BINS}, 0)))
     HAVING COUNT(*) >= ${CALIBRATION_MIN_ROWS} ORDER BY 2, 1, 3`,
    )
  ).map((r) => ({ ...r, predicted: Number(r.predicted), actual: Number(r.actual), n: Number(r.n) }));
  const markets = [...new Set(rows.map((r) => r.market))].sort();
  const diagonal = markets.flatMap((market) => {
    const xs = rows.filter((r) => r.market === market).flatMap((r) => [r.predicted, r.actual]);
    return [
      { market, v: Math.min(...xs) },
      { market, v: Math.max(...xs) },
    ];
  });
  return plotFigure({
    id: "calibration",
    caption: `Calibration: mean actual against mean predicted, in ${CALIBRATION_BINS} bins of the predicted value per market (bins of at least ${CALIBRATION_MIN_ROWS} rows); on the diagonal = calibrated`,
    rows: rows.length,
    options: {
      height: 320,
      x: { label: "predicted (bin mean)", grid: true },
      y: { label: "actual (bin mean)", grid: true },
      fx: { label: null, domain: markets },
      color: { legend: true },
      marks: [
        Plot.line(diagonal, { x: "v", y: "v", fx: "market", stroke: "#999", strokeDasharray: "4,3" }),
        Plot.line(rows, { x: "predicted", y: "actual", stroke: "system", fx: "market" }),
        Plot.dot(rows, {
          x: "predicted",
          y: "actual",
          fill: "system",
          r: 3,
          fx: "market",
          title: (d: { system: string; predicted: number; actual: number; n: number }) =>
            `${d.system}: predicted ${formatNumber(d.predicted, 1)}, actual ${formatNumber(d.actual, 1)} (${d.n} rows)`,
        }),
      ],
    },
  });
}
