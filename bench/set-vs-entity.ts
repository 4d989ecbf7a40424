import { quoteIdent } from "../ts/engine/dml.ts";
import type { DuckDbWarehouse } from "../ts/engine/duckdb-warehouse.ts";
import type { CompiledGraph } from "../ts/engine/graph.ts";
import { planRun } from "../ts/engine/local-runner.ts";
import type { Row } from "../ts/engine/warehouse.ts";
import { type Figure, medianMs, progress, ratio, repeat } from "./measure.ts";

/**
 * Set-based vs per-entity: the same rows built once by a model's single query, and once the way the reference's
 * processors worked, one query per entity and date (the model compiled for that date, filtered to the entity).
 * Identical rows are asserted. A phase 4 model joins with one line in MODELS.
 */
export interface EntityModel {
  model: string;
  entity: string;
  date: string;
  /** Sort key of the rows (unique), so both sides compare row by row. */
  key: string[];
}

export const MODELS: EntityModel[] = [
  { model: "player_game_summary", entity: "player_id", date: "game_date", key: ["game_id", "player_id"] },
];

/**
 * Batch loaders (issue 12: the prediction coordinator's inputs): one query for all players of a slice against one
 * query per player. Each entry brings its own two paths; the bench times both and asserts identical rows.
 */
export interface BatchLoader {
  name: string;
  entities(w: DuckDbWarehouse, slice: Slice): Promise<string[]>;
  batch(w: DuckDbWarehouse, slice: Slice): Promise<Row[]>;
  one(w: DuckDbWarehouse, slice: Slice, entity: string): Promise<Row[]>;
}

export const BATCH_LOADERS: BatchLoader[] = [];

export interface Slice {
  start_date: string;
  end_date: string;
}

type Compile = (vars: Record<string, string>) => Promise<CompiledGraph>;

export async function setVsEntityFigures(
  w: DuckDbWarehouse,
  compile: Compile,
  slice: Slice,
  runs: number,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  const sliceGraph = await compile({ ...slice });
  for (const m of MODELS) {
    const planned = (await planRun(sliceGraph, { actions: [m.model] }))[0];
    if (!planned?.query) continue;
    const order = m.key.map(quoteIdent).join(", ");
    const set = await repeat(runs, () => w.query(`SELECT * FROM (${planned.query}) ORDER BY ${order}`));
    const entities = [
      ...new Map(
        set.value.map((r) => [`${r[m.date]}|${r[m.entity]}`, { date: String(r[m.date]), entity: String(r[m.entity]) }]),
      ).values(),
    ];
    const perDate = new Map<string, string>();
    for (const d of new Set(entities.map((e) => e.date))) {
      perDate.set(d, (await planRun(await compile({ start_date: d, end_date: d }), { actions: [m.model] }))[0]!.query!);
    }
    const one = await repeat(runs, async (i) => {
      progress(`per-entity ${m.model} ${i + 1}/${runs} (${entities.length} queries)`);
      const out: Row[] = [];
      for (const e of entities)
        out.push(
          ...(await w.query(`SELECT * FROM (${perDate.get(e.date)}) WHERE ${quoteIdent(m.entity)} = $e`, {
            params: { e: e.entity },
          })),
        );
      return out.sort((a, b) => compareKeys(a, b, m.key));
    });
    const identical = JSON.stringify(set.value) === JSON.stringify(one.value);
    if (!identical) throw new Error(`${m.model}: per-entity rows differ from set-based rows`);
    const note = `${slice.start_date}..${slice.end_date}: ${set.value.length} rows`;
    figures.push({ group: "set vs entity", name: `${m.model} slice, set-based (one query)`, runs: set.samples, note });
    figures.push({
      group: "set vs entity",
      name: `${m.model} slice, per entity (one query per ${m.entity} and date)`,
      runs: one.samples,
      note: `${entities.length} queries; identical rows: ${identical}`,
      extra: {
        queries: entities.length,
        ratio_to_set_based: ratio(medianMs(one.samples), medianMs(set.samples)),
        identical_rows: identical,
      },
    });
  }
  for (const loader of BATCH_LOADERS) {
    const entities = await loader.entities(w, slice);
    const batch = await repeat(runs, () => loader.batch(w, slice));
    const one = await repeat(runs, async () =>
      (await Promise.all(entities.map((e) => loader.one(w, slice, e)))).flat(),
    );
    const identical = JSON.stringify(sortRows(batch.value)) === JSON.stringify(sortRows(one.value));
    if (!identical) throw new Error(`${loader.name}: per-entity rows differ from the batch`);
    figures.push({
      group: "set vs entity",
      name: `${loader.name}, one batch query`,
      runs: batch.samples,
      note: `${batch.value.length} rows`,
    });
    figures.push({
      group: "set vs entity",
      name: `${loader.name}, one query per entity`,
      runs: one.samples,
      note: `${entities.length} queries; identical rows: ${identical}`,
      extra: {
        queries: entities.length,
        ratio_to_set_based: ratio(medianMs(one.samples), medianMs(batch.samples)),
        identical_rows: identical,
      },
    });
  }
  return figures;
}

const compareKeys = (a: Row, b: Row, key: string[]) => {
  for (const k of key) {
    const c = String(a[k]).localeCompare(String(b[k]));
    if (c !== 0) return c;
  }
  return 0;
};

const sortRows = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();
