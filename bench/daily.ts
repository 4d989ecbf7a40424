import type { Config } from "../ts/config/config.ts";
import type { DuckDbWarehouse } from "../ts/engine/duckdb-warehouse.ts";
import type { CompiledGraph } from "../ts/engine/graph.ts";
import { runGraph } from "../ts/engine/local-runner.ts";
import { type Figure, measure, progress, repeat, type Sample } from "./measure.ts";
import { mustSucceed, rowsTouched } from "./stages.ts";

/** Every graph tag of the stages that exist: one date and the re-flow run the whole chain, not one phase. */
const chain = (tags: string[], config: Config) => ({ tags, historySchema: null, concurrency: config.concurrency.run });

const total = (touched: Record<string, number>) => Object.values(touched).reduce((a, b) => a + b, 0);

/** One game date end to end (incremental, after the backfill), as the daily run does it. */
export async function oneDateFigure(
  w: DuckDbWarehouse,
  graph: CompiledGraph,
  tags: string[],
  config: Config,
  runs: number,
  date: string,
): Promise<Figure> {
  progress(`one date ${date}`);
  const { samples, value } = await repeat(runs, async () =>
    mustSucceed(await runGraph(w, graph, chain(tags, config)), "one date"),
  );
  const touched = total(rowsTouched(value));
  return {
    group: "daily",
    name: `one date end to end (${date}; ${tags.join(", ")})`,
    runs: samples,
    note: `incremental rows touched: ${touched}`,
    extra: { rows_touched: touched },
  };
}

/**
 * One player's box score changed (one more assist in one game), then the whole range re-flowed incrementally
 * through every phase. Rows touched per model say what was recomputed; where a model records its entities
 * (nba_processing.reprocessing_stats, phase 4) the recomputed and skipped counts are read back. The change is undone
 * and re-flowed back after each run (untimed).
 */
export async function changedPlayerFigure(
  w: DuckDbWarehouse,
  graph: CompiledGraph,
  tags: string[],
  config: Config,
  runs: number,
  date: string,
): Promise<Figure> {
  const [player] = await w.query<{ player_id: string; game_id: string; player_name: string }>(
    "SELECT player_id, game_id, player_name FROM nba_raw.player_box_scores WHERE game_date = CAST($d AS DATE) AND minutes > 0 ORDER BY pts DESC, player_id LIMIT 1",
    { params: { d: date } },
  );
  if (!player) throw new Error(`no box score on ${date}`);
  const bump = (delta: number) =>
    w.execute("UPDATE nba_raw.player_box_scores SET ast = ast + $delta WHERE player_id = $p AND game_id = $g", {
      params: { delta, p: player.player_id, g: player.game_id },
    });
  let touched: Record<string, number> = {};
  let stats: string | null = null;
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    progress(`changed player ${i + 1}/${runs}: ${player.player_name}`);
    await bump(1);
    try {
      const r = await measure(async () =>
        rowsTouched(mustSucceed(await runGraph(w, graph, chain(tags, config)), "re-flow")),
      );
      samples.push({ ms: r.ms, peakRssMb: r.peakRssMb });
      touched = r.value;
      stats = await reprocessingStats(w);
    } finally {
      await bump(-1);
    }
    mustSucceed(await runGraph(w, graph, chain(tags, config)), "restore after re-flow"); // untimed: back to the shipped data
  }
  const perModel = Object.entries(touched)
    .filter(([, n]) => n > 0)
    .map(([m, n]) => `${m.split(".").pop()} ${n}`)
    .join(", ");
  return {
    group: "daily",
    name: `one changed player re-flowed, whole range (${player.player_name}, ${player.game_id})`,
    runs: samples,
    note: `rows touched: ${perModel || "none"}${stats ? `; entities recomputed/skipped: ${stats}` : ""}`,
    extra: { rows_touched: total(touched), ...(stats ? { entities: stats } : {}) },
  };
}

async function reprocessingStats(w: DuckDbWarehouse): Promise<string | null> {
  const [exists] = await w.query<{ n: number }>(
    "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'nba_processing' AND table_name = 'reprocessing_stats'",
  );
  if (Number(exists!.n) === 0) return null;
  // One row per model per run, no run id: the latest row of each model is the re-flow's.
  const rows = await w.query<{ model: string; recomputed: number; skipped: number }>(
    `SELECT processor_name AS model, entities_recomputed AS recomputed, entities_skipped AS skipped FROM nba_processing.reprocessing_stats
     QUALIFY ROW_NUMBER() OVER (PARTITION BY processor_name ORDER BY recorded_at DESC) = 1 ORDER BY processor_name`,
  );
  return rows.map((r) => `${r.model} ${r.recomputed}/${r.skipped}`).join(", ");
}

/** The backfill's window again with nothing changed: every incremental model must touch zero rows. */
export async function unchangedRerunFigure(
  w: DuckDbWarehouse,
  graph: CompiledGraph,
  tags: string[],
  config: Config,
  runs: number,
): Promise<Figure> {
  progress("unchanged rerun");
  let touched = 0;
  const { samples } = await repeat(runs, async () => {
    touched = total(rowsTouched(mustSucceed(await runGraph(w, graph, chain(tags, config)), "rerun")));
  });
  if (touched !== 0) throw new Error(`an unchanged rerun touched ${touched} incremental rows (must be 0)`);
  return {
    group: "daily",
    name: `unchanged rerun, whole range (${tags.join(", ")})`,
    runs: samples,
    note: `incremental rows touched: ${touched}`,
    extra: { rows_touched: touched },
  };
}
