import path from "node:path";
import { z } from "zod";
import { DATASET_PREFIX_PATTERN } from "./dataset-prefix.ts";
import { LOG_FORMATS, type LogFormat } from "./log-format.ts";

/**
 * Runtime configuration: defaults in code, overridden by environment variables (docs/configuration.md).
 * Paths are resolved against the project directory, so every command behaves the same from any cwd.
 */
const positiveInt = z.coerce.number().int().positive();

const EnvSchema = z.object({
  NBA_PROPS_RUNTIME: z.enum(["local", "gcp"]).default("local"),
  NBA_PROPS_HOME: z.string().default(".nba-props"),
  NBA_PROPS_WAREHOUSE: z.string().optional(),
  NBA_PROPS_DATA_DIR: z.string().default("../shared/data"),
  NBA_PROPS_DATASET_PREFIX: z
    .string()
    .regex(DATASET_PREFIX_PATTERN, "a letter, then letters, digits or _ (at most 63), or empty")
    .default(""),
  NBA_PROPS_HISTORY_DATASET: z
    .string()
    .regex(/^(?:[A-Za-z_][A-Za-z0-9_]{0,1023})?$/, "a dataset name (letters, digits, _), or empty for no history")
    .default("nba_processing"),
  PARALLELIZATION_WORKERS: positiveInt.default(2),
  NBA_PROPS_RUN_CONCURRENCY: positiveInt.optional(),
  NBA_PROPS_SCRAPE_CONCURRENCY: positiveInt.optional(),
  NBA_PROPS_QUERY_TIMEOUT_MS: positiveInt.default(10 * 60_000),
  NBA_PROPS_HTTP_TIMEOUT_MS: positiveInt.default(30_000),
  NBA_PROPS_HTTP_MAX_RETRIES: z.coerce.number().int().min(0).default(5),
  NBA_PROPS_HTTP_BACKOFF_CAP_MS: positiveInt.default(60_000),
  NBA_PROPS_LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  NBA_PROPS_LOG_FORMAT: z.enum(LOG_FORMATS).default("pretty"),
  GCP_PROJECT: z.string().default("nba-props-prod"),
  GCP_LOCATION: z.string().default("US"),
  GCS_BUCKET_RAW: z.string().optional(),
  GCP_REGION: z.string().default("us-central1"),
  DATAFORM_REPOSITORY: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*$/, "a Dataform repository id")
    .default("nba-props"),
  DATAFORM_RELEASE_CONFIG: z.string().default("production"),
  DATAFORM_GIT_COMMITISH: z.string().optional(),
  DATAFORM_SERVICE_ACCOUNT: z.string().email().optional(),
  NBA_PROPS_INVOCATION_TIMEOUT_MS: positiveInt.default(2 * 60 * 60_000),
  BIGQUERY_API_ENDPOINT: z.string().url().optional(),
  DATAFORM_API_ENDPOINT: z.string().url().optional(),
  NBA_STATS_BASE_URL: z.string().url().default("https://stats.nba.com/stats"),
  NBA_INJURY_BASE_URL: z.string().url().default("https://ak-static.cms.nba.com/referee/injury"),
  ODDS_API_BASE_URL: z.string().url().default("https://api.the-odds-api.com/v4"),
  ODDS_API_KEY: z.string().optional(),
  PHASE2_TIMEOUT_HOURS: z.coerce.number().positive().default(2),
  PHASE3_TIMEOUT_HOURS: z.coerce.number().positive().default(1),
  PHASE4_TIMEOUT_HOURS: z.coerce.number().positive().default(1),
  NBA_PROPS_TRANSITION_TIMEOUT_HOURS: z.coerce.number().positive().default(1),
  NBA_PROPS_RUN_STALE_HOURS: z.coerce.number().positive().default(2),
  NBA_PROPS_ALERT_WINDOW_MINUTES: positiveInt.default(60),
  NBA_PROPS_ALERT_MAX_PER_WINDOW: positiveInt.default(5),
  NBA_PROPS_MAX_FILE_BYTES: positiveInt.default(256 * 1024 * 1024),
  NBA_PROPS_MAX_PAYLOAD_BYTES: positiveInt.default(64 * 1024 * 1024),
});

/** Stages with their own concurrency override, `PARALLELIZATION_WORKERS_<STAGE>` (e.g. PARALLELIZATION_WORKERS_PHASE3). */
export const CONCURRENCY_STAGES = ["raw", "phase3", "phase4", "predictions", "grading"] as const;
const MAX_WORKERS = 64;

export interface Config {
  runtime: "local" | "gcp";
  projectDir: string;
  homeDir: string;
  warehousePath: string;
  rawArchiveDir: string;
  quarantineDir: string;
  dataDir: string;
  datasetPrefix: string;
  /** Dataset (before the prefix) of the local runner's run_history and assertion_log; null keeps no history. */
  historyDataset: string | null;
  /** run/scrape: the local runner and scrapers; stages: one per flow step (ts/orchestration). */
  concurrency: { run: number; scrape: number; stages: Record<string, number> };
  queryTimeoutMs: number;
  http: { timeoutMs: number; maxRetries: number; backoffCapMs: number };
  logLevel: string;
  /** Largest decompressed file the loader reads, largest HTTP body a scraper accepts (bytes). */
  limits: { maxFileBytes: number; maxPayloadBytes: number };
  logFormat: LogFormat;
  gcp: {
    project: string;
    location: string;
    rawBucket: string;
    /** Dataform: region, repository, the release config a run compiles from (or a git commitish instead). */
    region: string;
    repository: string;
    releaseConfig: string;
    gitCommitish?: string;
    serviceAccount?: string;
    invocationTimeoutMs: number;
    /** Local fakes in tests; unset in production. */
    bigQueryEndpoint?: string;
    dataformEndpoint?: string;
  };
  sources: { nbaStatsBaseUrl: string; nbaInjuryBaseUrl: string; oddsApiBaseUrl: string };
  /** Secrets: read from the environment only, never logged (see ts/config/logger.ts redaction). */
  secrets: { oddsApiKey?: string };
  orchestration: {
    /** Per transition: `<upstream>_to_<downstream>` → hours before the monitor reports it stuck. */
    timeoutHours: { raw: number; phase3: number; phase4: number; other: number };
    runStaleHours: number;
    alerts: { windowMinutes: number; maxPerWindow: number };
  };
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(projectDir = process.cwd(), env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`invalid environment configuration: ${problems}`);
  }
  const e = parsed.data;
  const root = path.resolve(projectDir);
  const homeDir = path.resolve(root, e.NBA_PROPS_HOME);
  return {
    runtime: e.NBA_PROPS_RUNTIME,
    projectDir: root,
    homeDir,
    warehousePath: path.resolve(root, e.NBA_PROPS_WAREHOUSE ?? path.join(homeDir, "warehouse.duckdb")),
    rawArchiveDir: path.join(homeDir, "raw"),
    quarantineDir: path.join(homeDir, "quarantine"),
    dataDir: path.resolve(root, e.NBA_PROPS_DATA_DIR),
    datasetPrefix: e.NBA_PROPS_DATASET_PREFIX,
    historyDataset: e.NBA_PROPS_HISTORY_DATASET || null,
    concurrency: {
      run: e.NBA_PROPS_RUN_CONCURRENCY ?? e.PARALLELIZATION_WORKERS,
      scrape: e.NBA_PROPS_SCRAPE_CONCURRENCY ?? e.PARALLELIZATION_WORKERS,
      stages: stageConcurrency(env, e.NBA_PROPS_RUN_CONCURRENCY ?? e.PARALLELIZATION_WORKERS),
    },
    queryTimeoutMs: e.NBA_PROPS_QUERY_TIMEOUT_MS,
    http: {
      timeoutMs: e.NBA_PROPS_HTTP_TIMEOUT_MS,
      maxRetries: e.NBA_PROPS_HTTP_MAX_RETRIES,
      backoffCapMs: e.NBA_PROPS_HTTP_BACKOFF_CAP_MS,
    },
    logLevel: e.NBA_PROPS_LOG_LEVEL,
    limits: { maxFileBytes: e.NBA_PROPS_MAX_FILE_BYTES, maxPayloadBytes: e.NBA_PROPS_MAX_PAYLOAD_BYTES },
    logFormat: e.NBA_PROPS_LOG_FORMAT,
    gcp: {
      project: e.GCP_PROJECT,
      location: e.GCP_LOCATION,
      rawBucket: e.GCS_BUCKET_RAW ?? `${e.GCP_PROJECT}-raw`,
      region: e.GCP_REGION,
      repository: e.DATAFORM_REPOSITORY,
      releaseConfig: e.DATAFORM_RELEASE_CONFIG,
      gitCommitish: e.DATAFORM_GIT_COMMITISH,
      serviceAccount: e.DATAFORM_SERVICE_ACCOUNT,
      invocationTimeoutMs: e.NBA_PROPS_INVOCATION_TIMEOUT_MS,
      bigQueryEndpoint: e.BIGQUERY_API_ENDPOINT,
      dataformEndpoint: e.DATAFORM_API_ENDPOINT,
    },
    sources: {
      nbaStatsBaseUrl: e.NBA_STATS_BASE_URL,
      nbaInjuryBaseUrl: e.NBA_INJURY_BASE_URL,
      oddsApiBaseUrl: e.ODDS_API_BASE_URL,
    },
    secrets: { oddsApiKey: e.ODDS_API_KEY },
    orchestration: {
      timeoutHours: {
        raw: e.PHASE2_TIMEOUT_HOURS,
        phase3: e.PHASE3_TIMEOUT_HOURS,
        phase4: e.PHASE4_TIMEOUT_HOURS,
        other: e.NBA_PROPS_TRANSITION_TIMEOUT_HOURS,
      },
      runStaleHours: e.NBA_PROPS_RUN_STALE_HOURS,
      alerts: { windowMinutes: e.NBA_PROPS_ALERT_WINDOW_MINUTES, maxPerWindow: e.NBA_PROPS_ALERT_MAX_PER_WINDOW },
    },
  };
}

/** Every stage gets `workers`; `PARALLELIZATION_WORKERS_<STAGE>` overrides one; an unknown stage or a bad value stops. */
function stageConcurrency(env: NodeJS.ProcessEnv, workers: number): Record<string, number> {
  const stages: Record<string, number> = Object.fromEntries(CONCURRENCY_STAGES.map((s) => [s, workers]));
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith("PARALLELIZATION_WORKERS_")) continue;
    const stage = name.slice("PARALLELIZATION_WORKERS_".length).toLowerCase();
    if (!(CONCURRENCY_STAGES as readonly string[]).includes(stage)) {
      throw new ConfigError(
        `invalid environment configuration: ${name}: unknown stage "${stage}" (known: ${CONCURRENCY_STAGES.join(", ")})`,
      );
    }
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) {
      throw new ConfigError(
        `invalid environment configuration: ${name}: expected a whole number from 1 to ${MAX_WORKERS}, got "${value}"`,
      );
    }
    stages[stage] = n;
  }
  return stages;
}
