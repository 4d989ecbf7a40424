import { randomUUID } from "node:crypto";
import { BigQuery, type Job, type Query } from "@google-cloud/bigquery";
import { columnsByTable, ensureTables } from "../engine/ensure-tables.ts";
import {
  type ContentFingerprint,
  type MergeRowsOptions,
  type QueryOptions,
  QueryTimeoutError,
  type Row,
  type SqlParams,
  type TableColumn,
  type TableSpec,
  type Warehouse,
  type WarehouseSession,
} from "../engine/warehouse.ts";
import {
  addMissingColumnsSql,
  checkIdentifier,
  contentFingerprintSql,
  createDatasetSql,
  createTableSql,
  datasetColumnsSql,
  deleteReplacedGroupsSql,
  deleteStagedBatchSql,
  mergeStagedSql,
  stageTableSpec,
  tableExistsSql,
  tablePath,
} from "./bigquery-sql.ts";
import { jobLabels } from "./job-labels.ts";
import { uploadLoadJob } from "./load-upload.ts";

export interface BigQueryWarehouseOptions {
  projectId: string;
  location: string;
  /** Every job is cancelled after this long (server side through jobTimeoutMs, client side by cancelling it). */
  timeoutMs: number;
  /** Labels every job carries (e.g. run_id); per-call labels are added to them. */
  labels?: Record<string, string>;
  /** A local fake in tests; unset in production (the Google endpoint, authenticated by ADC). */
  apiEndpoint?: string;
  /** HTTP retries on 429/5xx, exponential backoff capped at maxRetryDelaySeconds. */
  maxRetries?: number;
  maxRetryDelaySeconds?: number;
}

/** Dry-run estimate of one statement. */
export interface DryRunEstimate {
  totalBytesProcessed: number;
  statementType?: string;
}

/** The gcp Warehouse: BigQuery through @google-cloud/bigquery, every job with a timeout and labels. */
export class BigQueryWarehouse implements Warehouse {
  readonly engine = "bigquery" as const;
  readonly client: BigQuery;
  /** Staging tables this process already ensured. */
  private readonly stages = new Set<string>();

  constructor(private readonly options: BigQueryWarehouseOptions) {
    this.client = new BigQuery({
      projectId: options.projectId,
      location: options.location,
      apiEndpoint: options.apiEndpoint,
      retryOptions: {
        autoRetry: true,
        maxRetries: options.maxRetries ?? 5,
        maxRetryDelay: options.maxRetryDelaySeconds ?? 60,
        retryDelayMultiplier: 2,
        totalTimeout: Math.ceil(options.timeoutMs / 1000),
      },
    });
  }

  get projectId(): string {
    return this.options.projectId;
  }

  async query<T = Row>(sql: string, options: QueryOptions = {}): Promise<T[]> {
    return this.runQuery<T>(sql, options, undefined);
  }

  async execute(sql: string, options: QueryOptions = {}): Promise<number> {
    return this.runStatement(sql, options, undefined);
  }

  /** The glue's GoogleSQL is BigQuery's own dialect: sent as written. */
  queryGoogleSql<T = Row>(sql: string, options: QueryOptions = {}): Promise<T[]> {
    return this.query<T>(sql, options);
  }

  executeGoogleSql(sql: string, options: QueryOptions = {}): Promise<number> {
    return this.execute(sql, options);
  }

  tablePath(schema: string, name: string): string {
    return tablePath(this.options.projectId, schema, name);
  }

  async tableExists(schema: string, name: string): Promise<boolean> {
    const [r] = await this.query<{ n: number }>(tableExistsSql(this.options.projectId, this.options.location), {
      params: { schema, name },
      labels: { action: "table_exists" },
    });
    return Number(r?.n ?? 0) > 0;
  }

  async contentFingerprint(schema: string, name: string): Promise<ContentFingerprint> {
    const [r] = await this.query<{ n: number; h: string | null }>(
      contentFingerprintSql(this.options.projectId, schema, name),
      { labels: { action: `fingerprint_${name}` } },
    );
    return { rows: Number(r?.n ?? 0), fingerprint: r?.h ?? "" };
  }

  /** Bytes a statement would scan, from a dry-run job (nothing runs, nothing is billed). */
  async dryRun(sql: string, options: QueryOptions = {}): Promise<DryRunEstimate> {
    const [job] = await this.client.createQueryJob({ ...this.queryConfig(sql, options, undefined), dryRun: true });
    const stats = job.metadata?.statistics ?? {};
    return {
      totalBytesProcessed: Number(stats.totalBytesProcessed ?? stats.query?.totalBytesProcessed ?? 0),
      statementType: stats.query?.statementType,
    };
  }

  ensureTables(specs: readonly TableSpec[]): Promise<void> {
    const { projectId, location } = this.options;
    const labels = (schema: string) => ({ labels: { action: `ensure_${schema}` } });
    return ensureTables(
      {
        datasetColumns: (schema) => this.datasetColumns(schema),
        createSchema: async (schema) =>
          void (await this.execute(createDatasetSql(projectId, schema, location), labels(schema))),
        createTable: async (spec) => void (await this.execute(createTableSql(projectId, spec), labels(spec.schema))),
        addColumns: async (spec) =>
          void (await this.execute(addMissingColumnsSql(projectId, spec), labels(spec.schema))),
      },
      specs,
    );
  }

  async datasetColumns(schema: string): Promise<Map<string, TableColumn[]>> {
    const rows = await this.query<{ table_name: string; column_name: string; data_type: string }>(
      datasetColumnsSql(this.options.projectId, this.options.location),
      { params: { schema }, labels: { action: `columns_${schema}` } },
    );
    return columnsByTable(rows.map((r) => ({ ...r, type: r.data_type })));
  }

  /**
   * Appends rows with a load job (newline-delimited JSON uploaded with the job): no streaming buffer, no DML quota.
   * The job id is fixed before the upload, so a retried upload after a 429/5xx cannot load the rows twice.
   */
  async loadRows(
    spec: TableSpec,
    rows: Row[],
    options: Pick<QueryOptions, "labels" | "timeoutMs"> = {},
  ): Promise<number> {
    if (rows.length === 0) return 0;
    const names = spec.columns.map((c) => c.name);
    const data = rows.map((r) => JSON.stringify(Object.fromEntries(names.map((n) => [n, jsonValue(r[n])])))).join("\n");
    const jobId = `nbap_load_${checkIdentifier(spec.name, "table")}_${randomUUID().replaceAll("-", "")}`;
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    await uploadLoadJob({
      apiEndpoint: this.options.apiEndpoint ?? "https://bigquery.googleapis.com",
      projectId: this.options.projectId,
      location: this.options.location,
      jobId,
      configuration: {
        load: {
          destinationTable: {
            projectId: this.options.projectId,
            datasetId: checkIdentifier(spec.schema, "dataset"),
            tableId: spec.name,
          },
          sourceFormat: "NEWLINE_DELIMITED_JSON",
          writeDisposition: "WRITE_APPEND",
          createDisposition: "CREATE_NEVER",
        },
        labels: jobLabels({ ...this.options.labels, ...options.labels }),
        jobTimeoutMs: String(timeoutMs),
      },
      data,
      headers: () => this.authHeaders(),
      maxRetries: this.options.maxRetries ?? 5,
      backoffCapMs: (this.options.maxRetryDelaySeconds ?? 60) * 1000,
    });
    await this.waitForJob(this.client.job(jobId, { location: this.options.location }), timeoutMs);
    return rows.length;
  }

  /**
   * A load job stages the rows (with a batch id) before the transaction, because a BigQuery transaction reads its
   * tables as of its start; inside it the replaced groups' leftovers go and one MERGE upserts the batch; the staged
   * rows are removed once it ended.
   */
  async mergeRows(spec: TableSpec, rows: Row[], options: MergeRowsOptions): Promise<number> {
    if (rows.length === 0) return 0;
    const stage = stageTableSpec(spec);
    if (!this.stages.has(`${stage.schema}.${stage.name}`)) {
      await this.ensureTables([stage]);
      this.stages.add(`${stage.schema}.${stage.name}`);
    }
    const batchId = randomUUID();
    const labels = { ...options.labels, action: options.labels?.action ?? spec.name };
    const params = { merge_batch_id: batchId };
    await this.loadRows(
      stage,
      rows.map((r) => ({ ...r, merge_batch_id: batchId })),
      { labels, timeoutMs: options.timeoutMs },
    );
    try {
      return await this.transaction(async (s) => {
        if (options.replaceGroupsBy?.length) {
          await s.execute(deleteReplacedGroupsSql(this.options.projectId, spec, options.key, options.replaceGroupsBy), {
            params,
            labels,
            timeoutMs: options.timeoutMs,
          });
        }
        return s.execute(mergeStagedSql(this.options.projectId, spec, options.key), {
          params,
          labels,
          timeoutMs: options.timeoutMs,
        });
      });
    } finally {
      await this.execute(deleteStagedBatchSql(this.options.projectId, spec), { params, labels });
    }
  }

  /** Like the client itself: no credentials towards a custom endpoint (a local fake), ADC otherwise. */
  private async authHeaders(): Promise<Record<string, string>> {
    if (this.options.apiEndpoint) return {};
    const headers = await this.client.authClient.getRequestHeaders();
    return Object.fromEntries(
      headers instanceof Headers ? headers.entries() : Object.entries(headers as Record<string, string>),
    );
  }

  /** A BigQuery multi-statement transaction in its own session: BEGIN, fn's statements, COMMIT (or ROLLBACK). */
  async transaction<T>(fn: (session: WarehouseSession) => Promise<T>): Promise<T> {
    const [begin] = await this.client.createQueryJob({
      ...this.queryConfig("BEGIN TRANSACTION", {}, undefined),
      createSession: true,
    });
    await this.waitForJob(begin, this.options.timeoutMs);
    const sessionId: string | undefined = begin.metadata?.statistics?.sessionInfo?.sessionId;
    if (!sessionId) throw new Error("BigQuery did not return a session for the transaction");
    const session: WarehouseSession = {
      query: (sql, o = {}) => this.runQuery(sql, o, sessionId),
      execute: (sql, o = {}) => this.runStatement(sql, o, sessionId),
      queryGoogleSql: (sql, o = {}) => this.runQuery(sql, o, sessionId),
      executeGoogleSql: (sql, o = {}) => this.runStatement(sql, o, sessionId),
    };
    try {
      const result = await fn(session);
      await this.runStatement("COMMIT TRANSACTION", {}, sessionId);
      return result;
    } catch (error) {
      await this.runStatement("ROLLBACK TRANSACTION", {}, sessionId).catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {}

  private queryConfig(sql: string, options: QueryOptions, sessionId: string | undefined): Query {
    const { params, types } = bigQueryParams(options.params);
    return {
      query: sql,
      useLegacySql: false,
      location: this.options.location,
      params,
      types,
      jobTimeoutMs: options.timeoutMs ?? this.options.timeoutMs,
      labels: jobLabels({ ...this.options.labels, ...options.labels }),
      connectionProperties: sessionId ? [{ key: "session_id", value: sessionId }] : undefined,
      jobPrefix: "nbap_",
    };
  }

  private async runQuery<T>(sql: string, options: QueryOptions, sessionId: string | undefined): Promise<T[]> {
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const [job] = await this.client.createQueryJob(this.queryConfig(sql, options, sessionId));
    await this.waitForJob(job, timeoutMs);
    const [rows] = await this.withTimeout(
      job,
      timeoutMs,
      job.getQueryResults({ timeoutMs: Math.min(timeoutMs, 10_000) }),
    );
    return rows.map(plainRow) as T[];
  }

  private async runStatement(sql: string, options: QueryOptions, sessionId: string | undefined): Promise<number> {
    const [job] = await this.client.createQueryJob(this.queryConfig(sql, options, sessionId));
    const metadata = await this.waitForJob(job, options.timeoutMs ?? this.options.timeoutMs);
    return Number(metadata.statistics?.query?.numDmlAffectedRows ?? 0);
  }

  /** Polls the job to DONE; a job error is thrown with BigQuery's message; past the timeout the job is cancelled. */
  private async waitForJob(job: Job, timeoutMs: number): Promise<NonNullable<Job["metadata"]>> {
    const poll = async () => {
      let delay = 200;
      for (;;) {
        const [metadata] = await job.getMetadata();
        if (metadata.status?.state === "DONE") {
          const error = metadata.status.errorResult;
          if (error) throw new Error(`BigQuery job ${job.id} failed: ${error.message ?? error.reason}`);
          return metadata;
        }
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5_000);
      }
    };
    return this.withTimeout(job, timeoutMs, poll());
  }

  private async withTimeout<T>(job: Job, timeoutMs: number, work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        job.cancel().catch(() => undefined);
        reject(new QueryTimeoutError(timeoutMs));
      }, timeoutMs);
    });
    try {
      return await Promise.race([work, expired]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Named or positional parameters for the client; a NULL needs an explicit type (STRING unless it is cast in SQL). */
function bigQueryParams(params: SqlParams | undefined): { params?: Query["params"]; types?: Query["types"] } {
  if (!params) return {};
  if (Array.isArray(params)) {
    return {
      params: params.map((v) => (typeof v === "bigint" ? v.toString() : v)),
      types: params.map((v) => typeOf(v)),
    };
  }
  const values: Record<string, unknown> = {};
  const types: Record<string, string> = {};
  for (const [name, v] of Object.entries(params)) {
    values[checkIdentifier(name, "parameter")] = typeof v === "bigint" ? v.toString() : v;
    types[name] = typeOf(v);
  }
  return { params: values, types };
}

function typeOf(v: unknown): string {
  if (typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v))) return "INT64";
  if (typeof v === "number") return "FLOAT64";
  if (typeof v === "boolean") return "BOOL";
  return "STRING";
}

/** Client value wrappers (BigQueryDate, BigQueryTimestamp, BigQueryInt, Big) become plain strings and numbers. */
function plainValue(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(plainValue);
  if ("value" in value) return (value as { value: unknown }).value;
  if (typeof (value as { toFixed?: unknown }).toFixed === "function") return Number(value);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
}

function plainRow(row: Row): Row {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plainValue(v)]));
}

function jsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  return value;
}
