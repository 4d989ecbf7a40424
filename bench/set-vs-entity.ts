import { quoteIdent } from "../ts/engine/dml.ts";
import type { DuckDbWarehouse } from "../ts/engine/duckdb-warehouse.ts";
import type { CompiledGraph } from "../ts/engine/graph.ts";
import { planRun } from "../ts/engine/local-runner.ts";
import type { Row } from "../ts/engine/warehouse.ts";
import { batchQuery, HISTORY_DAYS } from "../ts/predictions/batch-query.ts";
import { addDays } from "../ts/predictions/coordinator.ts";
import { FEATURE_VERSION } from "../ts/predictions/feature-store.ts";
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
  {
    model: "player_shot_zone_analysis",
    entity: "player_lookup",
    date: "analysis_date",
    key: ["player_lookup", "analysis_date"],
  },
];

/**
 * Batch loaders (issue 12: the prediction coordinator's inputs): one query for all players of a slice against one
 * query per player. Each entry brings its own two paths; the bench times both and asserts identical rows.
 */
export interface BatchLoader {
  name: string;
  /** The column of the loader's rows that holds the entity. */
  entityColumn: string;
  /** Columns that identify a row. */
  key: string[];
  entities(w: DuckDbWarehouse, slice: Slice): Promise<string[]>;
  batch(w: DuckDbWarehouse, slice: Slice): Promise<Row[]>;
  one(w: DuckDbWarehouse, slice: Slice, entity: string): Promise<Row[]>;
}

const batchParams = (slice: Slice) => ({
  from_date: slice.start_date,
  to_date: slice.end_date,
  history_from: addDays(slice.start_date, -HISTORY_DAYS),
  feature_version: FEATURE_VERSION,
});

/** Entities timed one by one per batch loader (BENCH_ENTITY_SAMPLE). */
const ENTITY_SAMPLE = Number(process.env.BENCH_ENTITY_SAMPLE ?? 40);

export const BATCH_LOADERS: BatchLoader[] = [
  {
    name: "prediction batch loader (features, history, lines)",
    entityColumn: "player_lookup",
    key: ["game_id", "player_lookup"],
    // every player the batch holds rows for: the slice's players and those of the 90-day history
    entities: async (w, slice) =>
      (
        await w.queryGoogleSql<{ player_lookup: string }>(
          `SELECT DISTINCT player_lookup FROM (${batchQuery(w, "")}) ORDER BY 1`,
          { params: batchParams(slice) },
        )
      ).map((r) => r.player_lookup),
    batch: (w, slice) => w.queryGoogleSql(batchQuery(w, ""), { params: batchParams(slice) }),
    one: (w, slice, player) =>
      w.queryGoogleSql(`SELECT * FROM (${batchQuery(w, "")}) WHERE player_lookup = @player`, {
        params: { ...batchParams(slice), player },
      }),
  },
];

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
    if (set.value.length === 0)
      throw new Error(
        `${m.model} has no rows in ${slice.start_date}..${slice.end_date}: nothing to compare (another slice)`,
      );
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
    const difference = rowsDiffer(set.value, one.value, m.key);
    if (difference) throw new Error(`${m.model}: per-entity rows differ from set-based rows (${difference})`);
    const note = `${slice.start_date}..${slice.end_date}: ${set.value.length} rows`;
    figures.push({ group: "set vs entity", name: `${m.model} slice, set-based (one query)`, runs: set.samples, note });
    figures.push({
      group: "set vs entity",
      name: `${m.model} slice, per entity (one query per ${m.entity} and date)`,
      runs: one.samples,
      note: `${entities.length} queries; identical rows (asserted)`,
      extra: {
        queries: entities.length,
        ratio_to_set_based: ratio(medianMs(one.samples), medianMs(set.samples)),
        identical_rows: true,
      },
    });
  }
  for (const loader of BATCH_LOADERS) {
    const all = await loader.entities(w, slice);
    // every k-th entity: each per-entity query recomputes the loader's windows over whole seasons, so timing all of
    // them would take longer than the rest of the bench; the time for all is extrapolated from the sample
    const step = Math.max(1, Math.ceil(all.length / ENTITY_SAMPLE));
    const entities = all.filter((_, i) => i % step === 0);
    const sampled = new Set(entities);
    const batch = await repeat(runs, () => loader.batch(w, slice));
    const one = await repeat(runs, async () => {
      progress(`per-entity ${loader.name} (${entities.length} of ${all.length} entities)`);
      const out: Row[] = [];
      for (const e of entities) out.push(...(await loader.one(w, slice, e)));
      return out;
    });
    const batchOfSample = batch.value.filter((r) => sampled.has(String(r[loader.entityColumn])));
    const difference = rowsDiffer(batchOfSample, one.value, loader.key);
    if (difference) throw new Error(`${loader.name}: per-entity rows differ from the batch's (${difference})`);
    const allMs = (medianMs(one.samples) * all.length) / entities.length;
    figures.push({
      group: "set vs entity",
      name: `${loader.name}, one batch query`,
      runs: batch.samples,
      note: `${slice.start_date}..${slice.end_date}: ${batch.value.length} rows of ${all.length} players`,
    });
    figures.push({
      group: "set vs entity",
      name: `${loader.name}, one query per entity (${entities.length} of ${all.length} timed)`,
      runs: one.samples,
      note: `${one.value.length} rows; identical to the batch's rows of those players (asserted); all ${all.length} would take ~${(allMs / 1000).toFixed(0)} s`,
      extra: {
        queries: entities.length,
        entities: all.length,
        extrapolated_all_s: Number((allMs / 1000).toFixed(1)),
        ratio_to_set_based: ratio(allMs, medianMs(batch.samples)),
        identical_rows: true,
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

/**
 * The first difference between two row sets (null when they hold the same rows), rows matched by `key`; numbers
 * compare within a relative 1e-9, because a FLOAT64 average's last bits follow the order its rows were added in.
 */
export function rowsDiffer(a: Row[], b: Row[], key: string[]): string | null {
  if (a.length !== b.length) return `${a.length} rows against ${b.length}`;
  const sorted = (rows: Row[]) => [...rows].sort((x, y) => compareKeys(x, y, key));
  const [left, right] = [sorted(a), sorted(b)];
  for (let i = 0; i < left.length; i++) {
    const [x, y] = [left[i]!, right[i]!];
    for (const column of new Set([...Object.keys(x), ...Object.keys(y)])) {
      const [u, v] = [x[column], y[column]];
      const same =
        typeof u === "number" && typeof v === "number"
          ? u === v || Math.abs(u - v) <= 1e-9 * Math.max(1, Math.abs(u), Math.abs(v))
          : JSON.stringify(u) === JSON.stringify(v);
      if (!same)
        return `row ${key.map((k) => x[k]).join("|")}, ${column}: ${JSON.stringify(u)} against ${JSON.stringify(v)}`;
    }
  }
  return null;
}
