import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Warehouse } from "../../engine/warehouse.ts";
import { addDays, inputFor, loadBatch } from "../coordinator.ts";
import { FEATURE_VERSION } from "../feature-store.ts";
import { MARKETS, type Market } from "../types.ts";
import { artefactPath, type ModelArtefact, modelArtefact } from "./artefact.ts";
import { MODEL_INPUT_NAMES, modelInputs } from "./inputs.ts";
import { evaluateTrees } from "./trees.ts";

export const TRAINING_SEED = 42;
/** Fixed hyper-parameters (chosen once, not tuned on the evaluation weeks). */
export const TRAINING_PARAMS = {
  num_boost_round: 300,
  max_depth: 4,
  eta: 0.05,
  min_child_weight: 20,
  subsample: 1,
  colsample_bytree: 1,
  lambda: 1,
  tree_method: "hist",
} as const;
/** Oldest date the trainer reads: before the shipped data. */
const TRAINING_START = "2000-01-01";

// The script stays beside this module's source; from the built dist/ tree (same depth as ts/) it is reached there.
const SCRIPT = fileURLToPath(new URL("../../../ts/predictions/model/train_xgboost.py", import.meta.url));

/** The Python with Debian's python3-xgboost: NBA_PROPS_PYTHON, else /usr/bin/python3 when present, else python3. */
export function pythonExecutable(env: NodeJS.ProcessEnv = process.env): string {
  return env.NBA_PROPS_PYTHON ?? (fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
}

export interface TrainingExample {
  gameDate: string;
  inputs: Record<string, number | null>;
  label: number;
}

/** Training examples of one market: production-ready feature rows dated strictly before `until`, with the game's actual value. */
export async function trainingExamples(
  warehouse: Warehouse,
  prefix: string,
  until: string,
): Promise<Record<Market, TrainingExample[]>> {
  const rows = await loadBatch(warehouse, prefix, TRAINING_START, addDays(until, -1));
  const out = Object.fromEntries(MARKETS.map((m) => [m, [] as TrainingExample[]])) as Record<Market, TrainingExample[]>;
  for (const r of rows) {
    if (!r.isTarget || !r.hasFeatureRow || !r.isProductionReady || r.gameDate >= until) continue;
    for (const m of MARKETS) {
      const label = r.actual[m];
      if (label !== null) out[m].push({ gameDate: r.gameDate, inputs: modelInputs(inputFor(r, m, [])), label });
    }
  }
  return out;
}

/** The dumped trees, evaluated here, must give XGBoost's own predictions (float32 precision). */
function assertTreesReproduceXgboost(model: ModelArtefact, examples: TrainingExample[], expected: number[]): void {
  expected.forEach((want, i) => {
    const got = evaluateTrees(model, examples[i]!.inputs);
    if (Math.abs(got - want) > 1e-4 * Math.max(1, Math.abs(want))) {
      throw new Error(
        `${model.model_version}: the dumped trees give ${got} for training row ${i}, XGBoost gives ${want}`,
      );
    }
  });
}

export class NoTrainingRowsError extends Error {
  override name = "NoTrainingRowsError";
}

const execFileAsync = promisify(execFile);

/** What the XGBoost script returns for one fit. */
interface XgboostFit {
  library_version: string;
  base_score: number;
  trees: unknown[];
  params: Record<string, string | number>;
  check_predictions: number[];
}

/** Fits one training set with XGBoost (Debian python3-xgboost, driven through a checked-in script). */
async function runXgboost(examples: TrainingExample[], seed: number): Promise<XgboostFit> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nba-props-train-"));
  try {
    const csv = path.join(dir, "train.csv");
    const cell = (v: number | null | undefined) =>
      v === null || v === undefined || !Number.isFinite(v) ? "" : String(v);
    const lines = [[...MODEL_INPUT_NAMES, "label"].join(",")];
    for (const e of examples)
      lines.push([...MODEL_INPUT_NAMES.map((n) => cell(e.inputs[n])), String(e.label)].join(","));
    fs.writeFileSync(csv, `${lines.join("\n")}\n`);
    const { stdout } = await execFileAsync(
      pythonExecutable(),
      [SCRIPT, csv, String(seed), JSON.stringify(TRAINING_PARAMS)],
      { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 },
    );
    return JSON.parse(stdout) as XgboostFit;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The artefact of one fit, as the model of (market, cut-off), checked against XGBoost's own predictions. */
function artefactOf(
  market: Market,
  until: string,
  examples: TrainingExample[],
  fitted: XgboostFit,
  seed: number,
): ModelArtefact {
  const dates = examples.map((e) => e.gameDate).sort();
  const digest = createHash("sha256").update(JSON.stringify(fitted.trees)).digest("hex").slice(0, 8);
  const artefact = modelArtefact.parse({
    model_version: `xgb_${market}_${until}_${digest}`,
    market,
    feature_version: FEATURE_VERSION,
    input_names: [...MODEL_INPUT_NAMES],
    training_window: {
      first_game_date: dates[0],
      last_game_date: dates[dates.length - 1],
      cutoff: until,
      rows: examples.length,
    },
    library: { name: "xgboost", version: fitted.library_version },
    seed,
    params: { ...TRAINING_PARAMS, ...fitted.params },
    base_score: fitted.base_score,
    trees: fitted.trees,
  });
  assertTreesReproduceXgboost(artefact, examples, fitted.check_predictions);
  return artefact;
}

function assertBefore(market: Market, until: string, examples: TrainingExample[]): void {
  if (examples.length === 0) throw new NoTrainingRowsError(`no ${market} training rows before ${until}`);
  const late = examples.find((e) => e.gameDate >= until);
  if (late) throw new Error(`training row dated ${late.gameDate} is not before the cut-off ${until}`);
}

/** Fits one market's model on the examples dated before `until`. */
export async function fitModel(
  market: Market,
  until: string,
  examples: TrainingExample[],
  seed = TRAINING_SEED,
): Promise<ModelArtefact> {
  assertBefore(market, until, examples);
  return artefactOf(market, until, examples, await runXgboost(examples, seed), seed);
}

/**
 * Fits every market for each cut-off (rows loaded once, then cut per cut-off) and writes the artefacts. Cut-offs
 * whose training rows are the same (no production-ready row dated between them, e.g. a season's first month) share
 * one fit: the fit is deterministic, so fitting again would give the same trees. Each fit is single-threaded, so
 * `parallel` fits run side by side, one per core by default.
 */
export async function trainCutoffs(
  warehouse: Warehouse,
  options: {
    cutoffs: string[];
    datasetPrefix: string;
    modelsDir: string;
    parallel?: number;
    onFitted?: (fit: TrainedModel, done: number, total: number) => void;
  },
): Promise<TrainedModel[]> {
  if (options.cutoffs.length === 0) return [];
  const latest = [...options.cutoffs].sort().at(-1)!;
  const examples = await trainingExamples(warehouse, options.datasetPrefix, latest);
  // a cut-off before any feature row has nothing to learn from: the xgboost system skips those dates.
  // The rows before a cut-off are a prefix of one pool, so two cut-offs with as many rows have the same rows.
  const fits = new Map<string, { market: Market; rows: TrainingExample[]; cutoffs: string[] }>();
  for (const cutoff of [...options.cutoffs].sort()) {
    for (const market of MARKETS) {
      const rows = examples[market].filter((e) => e.gameDate < cutoff);
      if (rows.length === 0) continue;
      const key = `${market}:${rows.length}`;
      const fit = fits.get(key) ?? { market, rows, cutoffs: [] };
      fit.cutoffs.push(cutoff);
      fits.set(key, fit);
    }
  }
  const jobs = [...fits.values()];
  const total = jobs.reduce((n, j) => n + j.cutoffs.length, 0);
  const written: TrainedModel[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const { market, rows, cutoffs } = jobs[next++]!;
      assertBefore(market, cutoffs[0]!, rows);
      const fitted = await runXgboost(rows, TRAINING_SEED);
      for (const cutoff of cutoffs) {
        const model = artefactOf(market, cutoff, rows, fitted, TRAINING_SEED);
        const file = artefactPath(options.modelsDir, market, cutoff);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, `${JSON.stringify(model)}\n`);
        const trained = { market, file, model };
        written.push(trained);
        options.onFitted?.(trained, written.length, total);
      }
    }
  };
  const parallel = Math.max(1, Math.min(options.parallel ?? os.availableParallelism(), jobs.length));
  await Promise.all(Array.from({ length: parallel }, worker));
  return written.sort((a, b) => a.file.localeCompare(b.file));
}

export interface TrainedModel {
  market: Market;
  file: string;
  model: ModelArtefact;
}
