/**
 * `npm run bench`: the phase 3 performance figures on the shipped data, side by side in one run. Prints a table and
 * writes bench/results.json. Each timed figure is the median of BENCH_RUNS runs (default 3) with min and max.
 * Not a test: nothing here asserts a speed; the correctness checks (identical rows, zero-row rerun) do fail the run.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../ts/config/config.ts";
import { compileProject } from "../ts/engine/compile.ts";
import { DuckDbWarehouse } from "../ts/engine/duckdb-warehouse.ts";
import type { CompiledGraph } from "../ts/engine/graph.ts";
import { planRun, runGraph, type RunOptions } from "../ts/engine/local-runner.ts";
import type { RunSummary } from "../ts/engine/outcome.ts";
import { listDataFiles, loadRawFiles } from "../ts/raw/load-raw.ts";
import { textTable } from "../ts/cli/render.ts";

const REPO = path.resolve(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FULL = { start_date: "2021-10-01", end_date: "2025-06-30" };
/** The per-entity comparison runs on a slice: one query per player-game of the whole range would take hours. */
const SLICE = { start_date: process.env.BENCH_SLICE_START ?? "2023-10-25", end_date: process.env.BENCH_SLICE_END ?? "2023-10-26" };
const ONE_DATE = process.env.BENCH_ONE_DATE ?? "2024-01-15";

interface Figure {
  name: string;
  runs: number[];
  unit: string;
  note: string;
  extra?: Record<string, number | string | boolean>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = (ms: number) => ms / 1000;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

function mustSucceed(summary: RunSummary, what: string): RunSummary {
  const bad = summary.outcomes.filter((o) => o.status === "failed" || o.status === "skipped");
  if (bad.length > 0) throw new Error(`${what} failed: ${bad.map((o) => `${o.name}: ${o.error}`).join("; ")}`);
  return summary;
}

const writtenRows = (s: RunSummary) =>
  s.outcomes.filter((o) => o.type === "table" || o.type === "incremental").reduce((n, o) => n + (o.rowsAffected ?? 0), 0);

async function compile(vars: Record<string, string>): Promise<CompiledGraph> {
  return compileProject({ projectDir: REPO, vars: { engine: "duckdb", ...vars } });
}

async function main(): Promise<void> {
  const config = loadConfig(REPO);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nba-props-bench-"));
  const warehouse = await DuckDbWarehouse.open(path.join(dir, "bench.duckdb"), { maxConnections: config.concurrency.run + 1 });
  const figures: Figure[] = [];
  try {
    process.stderr.write(`bench: importing the shipped data into ${dir} (not timed)\n`);
    const imported = await loadRawFiles(warehouse, listDataFiles(config.dataDir), { datasetPrefix: "", quarantineDir: path.join(dir, "q"), dataDir: config.dataDir });
    if (!imported.ok) throw new Error("import failed");
    const rawBoxRows = Number((await warehouse.query<{ n: number }>("SELECT count(*) AS n FROM nba_raw.player_box_scores"))[0]!.n);

    const phase3: RunOptions = { tags: ["phase3"], historySchema: null, concurrency: config.concurrency.run };
    const full = await compile(FULL);
    if (!(await planRun(full, phase3)).some((p) => p.action.target.name === "player_game_summary")) {
      throw new Error("bench needs definitions/analytics/player_game_summary.sqlx");
    }

    // 1. Backfill of the whole shipped range, set-based, from scratch each time.
    const backfill: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS; i++) {
      process.stderr.write(`bench: phase 3 backfill ${i + 1}/${RUNS}\n`);
      const r = await timed(async () => mustSucceed(await runGraph(warehouse, full, { ...phase3, fullRefresh: true }), "backfill"));
      backfill.push(r.ms);
      rows = writtenRows(r.value);
    }
    figures.push({ name: "phase 3 backfill, whole shipped range (set-based)", runs: backfill, unit: "s", note: `${rows} rows written`, extra: { rows, rows_per_second: Math.round(rows / seconds(median(backfill))) } });

    // 2. player_game_summary on a slice: set-based vs one query per player and date (the reference's processors).
    const slice = await compile(SLICE);
    const pgs = (await planRun(slice, { actions: ["player_game_summary"] }))[0]!;
    const entities = await warehouse.query<{ player_id: string; game_date: string }>(
      `SELECT DISTINCT player_id, CAST(game_date AS VARCHAR) AS game_date FROM nba_raw.player_box_scores WHERE game_date BETWEEN CAST($s AS DATE) AND CAST($e AS DATE) ORDER BY 2, 1`,
      { params: { s: SLICE.start_date, e: SLICE.end_date } },
    );
    const setBased: number[] = [];
    let setRows: Record<string, unknown>[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await timed(() => warehouse.query(`SELECT * FROM (${pgs.query}) ORDER BY game_id, player_id`));
      setBased.push(r.ms);
      setRows = r.value;
    }
    const perDate = new Map<string, string>();
    for (const d of new Set(entities.map((e) => e.game_date))) {
      perDate.set(d, (await planRun(await compile({ start_date: d, end_date: d }), { actions: ["player_game_summary"] }))[0]!.query!);
    }
    const perEntity: number[] = [];
    let entityRows: Record<string, unknown>[] = [];
    for (let i = 0; i < RUNS; i++) {
      process.stderr.write(`bench: per-entity player_game_summary ${i + 1}/${RUNS} (${entities.length} queries)\n`);
      const r = await timed(async () => {
        const out: Record<string, unknown>[] = [];
        for (const e of entities) {
          out.push(...(await warehouse.query(`SELECT * FROM (${perDate.get(e.game_date)}) WHERE player_id = $p`, { params: { p: e.player_id } })));
        }
        return out.sort((a, b) => String(a.game_id).localeCompare(String(b.game_id)) || String(a.player_id).localeCompare(String(b.player_id)));
      });
      perEntity.push(r.ms);
      entityRows = r.value;
    }
    const identical = JSON.stringify(setRows) === JSON.stringify(entityRows);
    if (!identical) throw new Error("per-entity rows differ from set-based rows");
    const sliceNote = `${SLICE.start_date}..${SLICE.end_date}: ${setRows.length} rows, ${entities.length} queries`;
    figures.push({ name: "player_game_summary slice, set-based (one query)", runs: setBased, unit: "s", note: sliceNote });
    figures.push({
      name: "player_game_summary slice, per entity (one query per player-date)",
      runs: perEntity, unit: "s", note: `identical rows: ${identical}`,
      extra: { queries: entities.length, ratio_to_set_based: Number((median(perEntity) / median(setBased)).toFixed(1)), identical_rows: identical },
    });

    process.stderr.write("bench: lower bound, one date, unchanged rerun\n");
    // 3. Lower bound: a bare scan of the same raw rows doing the same SHA-256 work, no joins or windows.
    const scan: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await timed(() => warehouse.query(
        `SELECT count(*) AS n, max(substr(sha256(concat_ws('|', player_id, game_id, CAST(pts AS VARCHAR), CAST(minutes AS VARCHAR), CAST(fgm AS VARCHAR), CAST(fga AS VARCHAR), CAST(fg3m AS VARCHAR), CAST(ftm AS VARCHAR), CAST(fta AS VARCHAR), CAST(reb AS VARCHAR), CAST(ast AS VARCHAR), CAST(tov AS VARCHAR))), 1, 16)) AS h FROM nba_raw.player_box_scores`,
      ));
      scan.push(r.ms);
    }
    const pgsFull = (await planRun(full, { actions: ["player_game_summary"] }))[0]!;
    const pgsSet: number[] = [];
    // max(data_hash) forces every row's hash (and the columns it covers): a bare count(*) would let DuckDB prune them.
    for (let i = 0; i < RUNS; i++) pgsSet.push((await timed(() => warehouse.query(`SELECT count(*) AS n, max(data_hash) AS h FROM (${pgsFull.query})`))).ms);
    figures.push({ name: "lower bound: bare scan + SHA-256 of the raw box scores", runs: scan, unit: "s", note: `${rawBoxRows} raw rows` });
    figures.push({
      name: "player_game_summary query, whole range (set-based)", runs: pgsSet, unit: "s", note: "same rows, full model",
      extra: { ratio_to_lower_bound: Number((median(pgsSet) / median(scan)).toFixed(1)) },
    });

    // 4. One game date, incremental (after the backfill above), and 5. an unchanged rerun of the whole range.
    const oneDate = await compile({ start_date: ONE_DATE, end_date: ONE_DATE });
    const daily: number[] = [];
    for (let i = 0; i < RUNS; i++) daily.push((await timed(async () => mustSucceed(await runGraph(warehouse, oneDate, phase3), "one date"))).ms);
    figures.push({ name: `phase 3 incremental, one game date (${ONE_DATE})`, runs: daily, unit: "s", note: "MERGE of one date" });

    const rerun: number[] = [];
    let touched = 0;
    for (let i = 0; i < RUNS; i++) {
      const r = await timed(async () => mustSucceed(await runGraph(warehouse, full, phase3), "rerun"));
      rerun.push(r.ms);
      touched = r.value.outcomes.filter((o) => o.type === "incremental").reduce((n, o) => n + (o.rowsAffected ?? 0), 0);
    }
    if (touched !== 0) throw new Error(`an unchanged rerun touched ${touched} incremental rows (must be 0)`);
    figures.push({ name: "phase 3 unchanged rerun, whole range", runs: rerun, unit: "s", note: `incremental rows touched: ${touched}`, extra: { rows_touched: touched } });
  } finally {
    await warehouse.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model ?? "", memory_gb: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()}-${os.arch()}` },
    versions: { node: process.version, duckdb: (await import("@duckdb/node-api")).version(), dataform_core: "3.0.62" },
    runs_per_figure: RUNS,
    peak_rss_mb: peakRssMb,
    figures: figures.map((f) => ({
      name: f.name, unit: f.unit, median: Number(seconds(median(f.runs)).toFixed(3)), min: Number(seconds(Math.min(...f.runs)).toFixed(3)),
      max: Number(seconds(Math.max(...f.runs)).toFixed(3)), note: f.note, ...f.extra,
    })),
  };
  fs.writeFileSync(path.join(REPO, "bench/results.json"), `${JSON.stringify(result, null, 2)}\n`);
  const table = textTable(
    ["figure", "median s", "min s", "max s", "notes"],
    result.figures.map((f) => [f.name, f.median.toFixed(3), f.min.toFixed(3), f.max.toFixed(3), [f.note, ...Object.entries(f).filter(([k]) => !["name", "unit", "median", "min", "max", "note"].includes(k)).map(([k, v]) => `${k}=${v}`)].join("; ")]),
  );
  process.stdout.write(`${table}\n\npeak RSS ${peakRssMb} MB; ${RUNS} runs per figure; ${result.machine.cpus} cores; Node ${process.version}; DuckDB ${result.versions.duckdb}\nwritten to bench/results.json\n`);
}

await main();
