import { randomUUID } from "node:crypto";
import type { Warehouse } from "../engine/warehouse.ts";
import { batchQuery, HISTORY_DAYS } from "./batch-query.ts";
import { type BatchRow, historyOf, toBatchRow } from "./batch-rows.ts";
import { FEATURE_TABLE, FEATURE_VERSION } from "./feature-store.ts";
import { round } from "./market-scale.ts";
import type { ModelArtefact } from "./model/artefact.ts";
import {
  ensurePredictionTable,
  fingerprintsOf,
  mergePredictions,
  type PredictionRow,
  playerGameKey,
  storedFingerprints,
} from "./prediction-table.ts";
import { systemsFor } from "./systems/registry.ts";
import { MARKETS, type Market, type PredictionInput } from "./types.ts";

export type PlayerOutcome =
  | { status: "predicted"; rows: number }
  | { status: "skipped"; reason: string }
  | { status: "failed"; error: string };

export interface BatchSummary {
  batchId: string;
  correlationId: string;
  from: string;
  to: string;
  players: number;
  predicted: number;
  unchanged: number;
  skipped: number;
  failed: number;
  skipReasons: Record<string, number>;
  failures: { gameId: string; playerLookup: string; error: string }[];
  rowsWritten: number;
  dates: { date: string; players: number; computeMs: number }[];
  queryMs: number;
  writeMs: number;
}

export interface PredictOptions {
  from: string;
  to: string;
  datasetPrefix: string;
  correlationId?: string;
  /** The trained models to use for a game date (walk-forward: trained only on games before its cut-off). */
  modelsFor: (gameDate: string) => Partial<Record<Market, ModelArtefact>>;
  /** Progress of a long batch: the stage it is in, and dates done of all (for the predicting stage). */
  onProgress?: (stage: "loading" | "predicting" | "writing", done: number, total: number) => void;
}

export class FeatureStoreMissingError extends Error {
  override name = "FeatureStoreMissingError";
}

const DAY_MS = 86_400_000;
export const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** Loads the batch for [from, to] with one query (never one per player) and returns its typed rows. */
export async function loadBatch(warehouse: Warehouse, prefix: string, from: string, to: string): Promise<BatchRow[]> {
  if (!(await warehouse.tableExists(prefix + FEATURE_TABLE.schema, FEATURE_TABLE.name))) {
    throw new FeatureStoreMissingError(
      `${prefix}${FEATURE_TABLE.schema}.${FEATURE_TABLE.name} does not exist: run phase 4 (the feature store) first`,
    );
  }
  const rows = await warehouse.queryGoogleSql<Record<string, unknown>>(batchQuery(warehouse, prefix), {
    params: {
      from_date: from,
      to_date: to,
      history_from: addDays(from, -HISTORY_DAYS),
      feature_version: FEATURE_VERSION,
    },
    labels: { action: "prediction_batch" },
  });
  return rows.map(toBatchRow);
}

/** The input of one market for a target row; its history holds only the player's games before the game date. */
export function inputFor(target: BatchRow, market: Market, earlier: BatchRow[]): PredictionInput {
  const since = addDays(target.gameDate, -HISTORY_DAYS);
  return {
    market,
    gameDate: target.gameDate,
    features: target.features,
    featureQualityScore: target.featureQualityScore,
    daysRest: target.daysRest,
    stat: target.stat[market],
    line: target.line[market]?.value ?? null,
    history: historyOf(
      earlier.filter((r) => r.gameDate < target.gameDate && r.gameDate >= since),
      market,
    ),
  };
}

/** Why a player of the pre-game universe is not predicted, or null when he is (the documented selection rule). */
export function skipReason(row: BatchRow): string | null {
  if (!row.hasFeatureRow) return "no feature row";
  if (!row.isProductionReady) return "features not production-ready";
  if (row.playerId === null) return "no player id";
  return null;
}

/** The prediction rows of one player-game: every market × every system that predicted. */
export function predictPlayer(
  target: BatchRow,
  earlier: BatchRow[],
  models: Partial<Record<Market, ModelArtefact>>,
  ids: { batchId: string; correlationId: string; createdAt: string },
): PredictionRow[] {
  const systems = systemsFor(models);
  const rows: PredictionRow[] = [];
  for (const market of MARKETS) {
    const input = inputFor(target, market, earlier);
    for (const system of systems) {
      const result = system.predict(input);
      if (result.status !== "predicted") continue;
      const line = target.line[market];
      const predicted = round(result.predicted, 2);
      rows.push({
        game_date: target.gameDate,
        game_id: target.gameId,
        player_id: target.playerId,
        player_lookup: target.playerLookup,
        player_name: target.playerName,
        market,
        system_id: system.id,
        predicted_value: predicted,
        confidence: round(result.confidence, 2),
        recommendation: result.recommendation,
        line_value: line?.value ?? null,
        line_source: line?.source ?? null,
        edge: line ? round(predicted - line.value, 2) : null,
        model_version: result.modelVersion ?? system.version,
        feature_version: FEATURE_VERSION,
        data_hash: target.dataHash,
        feature_quality_score: target.featureQualityScore,
        correlation_id: ids.correlationId,
        batch_id: ids.batchId,
        created_at: ids.createdAt,
      });
    }
  }
  return rows;
}

/**
 * Predicts every player of the pre-game universe on [from, to]: one batch query, every player ends predicted,
 * skipped (reason) or failed (error) without stopping the batch, then one staged MERGE. A player-game whose
 * feature hash, lines and model versions equal what is stored is left alone (counted as unchanged).
 */
export async function predictRange(warehouse: Warehouse, options: PredictOptions): Promise<BatchSummary> {
  const batchId = `batch_${options.from}_${options.to}_${randomUUID().slice(0, 8)}`;
  const correlationId = options.correlationId ?? randomUUID();
  const createdAt = new Date().toISOString();
  const prefix = options.datasetPrefix;

  const queryStarted = performance.now();
  options.onProgress?.("loading", 0, 1);
  const rows = await loadBatch(warehouse, prefix, options.from, options.to);
  await ensurePredictionTable(warehouse, prefix);
  const stored = await storedFingerprints(warehouse, prefix, options.from, options.to);
  const queryMs = performance.now() - queryStarted;

  const byPlayer = new Map<string, BatchRow[]>();
  for (const r of rows) {
    const list = byPlayer.get(r.playerLookup);
    if (list) list.push(r);
    else byPlayer.set(r.playerLookup, [r]);
  }

  const summary: BatchSummary = {
    batchId,
    correlationId,
    from: options.from,
    to: options.to,
    players: 0,
    predicted: 0,
    unchanged: 0,
    skipped: 0,
    failed: 0,
    skipReasons: {},
    failures: [],
    rowsWritten: 0,
    dates: [],
    queryMs,
    writeMs: 0,
  };
  const out: PredictionRow[] = [];
  const targets = rows.filter((r) => r.isTarget);
  const dates = [...new Set(targets.map((t) => t.gameDate))].sort();
  for (const date of dates) {
    const started = performance.now();
    const models = options.modelsFor(date);
    const ofDate = targets.filter((t) => t.gameDate === date);
    for (const target of ofDate) {
      summary.players += 1;
      const reason = skipReason(target);
      if (reason) {
        summary.skipped += 1;
        summary.skipReasons[reason] = (summary.skipReasons[reason] ?? 0) + 1;
        continue;
      }
      try {
        const produced = predictPlayer(target, byPlayer.get(target.playerLookup) ?? [], models, {
          batchId,
          correlationId,
          createdAt,
        });
        const key = playerGameKey(target.gameId, target.playerId);
        if (produced.length > 0 && stored.get(key) === fingerprintsOf(produced as never).get(key)) {
          summary.unchanged += 1;
          continue;
        }
        out.push(...produced);
        summary.predicted += 1;
      } catch (error) {
        summary.failed += 1;
        summary.failures.push({
          gameId: target.gameId,
          playerLookup: target.playerLookup,
          error: (error as Error).message,
        });
      }
    }
    summary.dates.push({ date, players: ofDate.length, computeMs: performance.now() - started });
    options.onProgress?.("predicting", summary.dates.length, dates.length);
  }
  options.onProgress?.("writing", 0, out.length);
  const writeStarted = performance.now();
  summary.rowsWritten = await mergePredictions(warehouse, prefix, out);
  summary.writeMs = performance.now() - writeStarted;
  return summary;
}
