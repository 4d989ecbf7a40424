import { quoteIdent } from "../engine/dml.ts";
import type { Warehouse } from "../engine/warehouse.ts";

/**
 * The walk-forward evaluation of graded predictions (nba_predictions.prediction_accuracy), per market and system,
 * next to the line ("predict the line") and "always UNDER" on the same rows: what docs/evaluation.md shows.
 */
export const EDGE_THRESHOLDS = [1, 2, 3, 4] as const;

export interface Interval {
  rate: number | null;
  lower: number | null;
  upper: number | null;
}

export interface SystemEvaluation {
  market: string;
  system: string;
  graded: number;
  mae: number;
  bias: number;
  lined: number;
  linedMae: number | null;
  lineMae: number | null;
  lineBias: number | null;
  bets: number;
  wins: number;
  hitRate: Interval;
  underBets: number;
  underWins: number;
  underRate: Interval;
  /** Every lined row called by the sign of prediction − line when |prediction − line| ≥ the threshold. */
  byEdge: { threshold: number; bets: number; wins: number; hitRate: Interval }[];
}

/** Wilson score interval, 95 % (z = 1.96), as the grading SQL computes it. */
export function wilson(wins: number, n: number): Interval {
  if (n === 0) return { rate: null, lower: null, upper: null };
  const p = wins / n;
  const z = 1.96;
  const centre = p + (z * z) / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  const denominator = 1 + (z * z) / n;
  return {
    rate: p,
    lower: Math.max(0, Math.min(p, (centre - margin) / denominator)),
    upper: Math.min(1, Math.max(p, (centre + margin) / denominator)),
  };
}

export async function evaluatePredictions(
  warehouse: Warehouse,
  prefix: string,
  window: { from: string; to: string },
): Promise<SystemEvaluation[]> {
  const table = `${quoteIdent(`${prefix}nba_predictions`)}.${quoteIdent("prediction_accuracy")}`;
  const edge = "ABS(predicted_value - line_value)";
  const edgeWin =
    "((predicted_value > line_value AND line_result = 'OVER') OR (predicted_value < line_value AND line_result = 'UNDER'))";
  const edgeColumns = EDGE_THRESHOLDS.map(
    (t) => `
      SUM(CASE WHEN line_value IS NOT NULL AND line_result <> 'PUSH' AND ${edge} >= ${t} THEN 1 ELSE 0 END) AS edge_bets_${t},
      SUM(CASE WHEN line_value IS NOT NULL AND line_result <> 'PUSH' AND ${edge} >= ${t} AND ${edgeWin} THEN 1 ELSE 0 END) AS edge_wins_${t}`,
  ).join(",");
  const rows = await warehouse.query<Record<string, number | string | null>>(
    `SELECT market, system_id,
       COUNT(*) AS graded, AVG(absolute_error) AS mae, AVG(signed_error) AS bias,
       SUM(CASE WHEN line_value IS NOT NULL THEN 1 ELSE 0 END) AS lined,
       AVG(CASE WHEN line_value IS NOT NULL THEN absolute_error END) AS lined_mae,
       AVG(ABS(line_value - actual_value)) AS line_mae,
       AVG(line_value - actual_value) AS line_bias,
       SUM(CASE WHEN outcome IN ('WIN', 'LOSS') THEN 1 ELSE 0 END) AS bets,
       SUM(CASE WHEN outcome = 'WIN' THEN 1 ELSE 0 END) AS wins,
       SUM(CASE WHEN line_result IN ('OVER', 'UNDER') THEN 1 ELSE 0 END) AS under_bets,
       SUM(CASE WHEN line_result = 'UNDER' THEN 1 ELSE 0 END) AS under_wins,${edgeColumns}
     FROM ${table}
     WHERE game_date BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
     GROUP BY market, system_id
     ORDER BY market, system_id`,
    { params: { from: window.from, to: window.to } },
  );
  const num = (v: unknown) => Number(v ?? 0);
  const opt = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    market: String(r.market),
    system: String(r.system_id),
    graded: num(r.graded),
    mae: num(r.mae),
    bias: num(r.bias),
    lined: num(r.lined),
    linedMae: opt(r.lined_mae),
    lineMae: opt(r.line_mae),
    lineBias: opt(r.line_bias),
    bets: num(r.bets),
    wins: num(r.wins),
    hitRate: wilson(num(r.wins), num(r.bets)),
    underBets: num(r.under_bets),
    underWins: num(r.under_wins),
    underRate: wilson(num(r.under_wins), num(r.under_bets)),
    byEdge: EDGE_THRESHOLDS.map((t) => ({
      threshold: t,
      bets: num(r[`edge_bets_${t}`]),
      wins: num(r[`edge_wins_${t}`]),
      hitRate: wilson(num(r[`edge_wins_${t}`]), num(r[`edge_bets_${t}`])),
    })),
  }));
}

const fixed = (v: number | null, digits = 2) => (v === null ? "–" : v.toFixed(digits));
const percent = (i: Interval) =>
  i.rate === null
    ? "–"
    : `${(100 * i.rate).toFixed(1)} % [${(100 * i.lower!).toFixed(1)}, ${(100 * i.upper!).toFixed(1)}]`;

/** The two markdown tables of docs/evaluation.md. */
export function evaluationMarkdown(rows: SystemEvaluation[]): string {
  const main = [
    "| market | system | graded | MAE (all) | bias (all) | rows with line | MAE there | line MAE | line bias | bets | hit rate [Wilson 95 %] | always UNDER [Wilson 95 %] |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.market} | ${r.system} | ${r.graded} | ${fixed(r.mae)} | ${fixed(r.bias)} | ${r.lined} | ${fixed(r.linedMae)} | ${fixed(r.lineMae)} | ${fixed(r.lineBias)} | ${r.bets} | ${percent(r.hitRate)} | ${percent(r.underRate)} (${r.underBets}) |`,
    ),
  ];
  const edges = [
    "| market | system | \\|edge\\| ≥ | bets | hit rate [Wilson 95 %] |",
    "|---|---|---:|---:|---|",
    ...rows.flatMap((r) =>
      r.byEdge
        .filter((e) => e.bets > 0)
        .map((e) => `| ${r.market} | ${r.system} | ${e.threshold.toFixed(1)} | ${e.bets} | ${percent(e.hitRate)} |`),
    ),
  ];
  return `${main.join("\n")}\n\n### Hit rate by edge (side = sign of prediction − line, every lined row with |edge| ≥ threshold)\n${edges.join("\n")}\n`;
}
