import type { DuckDbWarehouse } from "../ts/engine/duckdb-warehouse.ts";
import type { CompiledGraph } from "../ts/engine/graph.ts";
import { planRun } from "../ts/engine/local-runner.ts";
import { type Figure, medianMs, progress, ratio, repeat } from "./measure.ts";

/**
 * The floor: a bare scan of the raw box scores doing the same SHA-256 work over the same kind of fields, no joins or
 * windows; against the player_game_summary query over the same rows, and the whole backfill of the phases.
 */
export async function lowerBoundFigures(
  w: DuckDbWarehouse,
  full: CompiledGraph,
  runs: number,
  phaseBackfillMs: number,
): Promise<Figure[]> {
  progress("lower bound");
  const rawRows = Number((await w.query<{ n: number }>("SELECT COUNT(*) AS n FROM nba_raw.player_box_scores"))[0]!.n);
  const scan = await repeat(runs, () =>
    w.query(
      `SELECT count(*) AS n, max(substr(sha256(concat_ws('|', player_id, game_id, CAST(pts AS VARCHAR), CAST(minutes AS VARCHAR), CAST(fgm AS VARCHAR), CAST(fga AS VARCHAR), CAST(fg3m AS VARCHAR), CAST(ftm AS VARCHAR), CAST(fta AS VARCHAR), CAST(reb AS VARCHAR), CAST(ast AS VARCHAR), CAST(tov AS VARCHAR))), 1, 16)) AS h FROM nba_raw.player_box_scores`,
    ),
  );
  const figures: Figure[] = [
    {
      group: "lower bound",
      name: "lower bound: bare scan + SHA-256 of the raw box scores",
      runs: scan.samples,
      note: `${rawRows} raw rows`,
      extra: { backfill_phases_ratio_to_lower_bound: ratio(phaseBackfillMs, medianMs(scan.samples), 0) },
    },
  ];
  const pgs = (await planRun(full, { actions: ["player_game_summary"] }))[0];
  if (pgs?.query) {
    // max(data_hash) forces every row's hash (and the columns it covers): a bare count(*) would let DuckDB prune them.
    const model = await repeat(runs, () => w.query(`SELECT count(*) AS n, max(data_hash) AS h FROM (${pgs.query})`));
    figures.push({
      group: "lower bound",
      name: "player_game_summary query, whole range (set-based)",
      runs: model.samples,
      note: "same rows, full model",
      extra: { ratio_to_lower_bound: ratio(medianMs(model.samples), medianMs(scan.samples)) },
    });
  }
  return figures;
}
