import { FakeHttpServer, type RecordedRequest, type Reply } from "./fake-http.ts";

/**
 * What the fake answers for one query job: rows (a column is INT64 when all its numbers are whole, FLOAT64 when one
 * is not, BOOL for booleans, else STRING), DML count, bytes.
 */
export interface FakeQueryResult {
  rows?: Record<string, string | number | boolean | null>[];
  numDmlAffectedRows?: number;
  totalBytesProcessed?: number;
  /** Answer jobComplete=false forever (a job that never finishes). */
  neverCompletes?: boolean;
  error?: string;
}

/**
 * A fake of the BigQuery REST API (jobs.insert, jobs.get, jobs.getQueryResults, jobs.cancel, multipart uploads)
 * on 127.0.0.1, for the client's `apiEndpoint`. `failures` answers the next N job inserts with the given status.
 * `onUpload`, when set, receives each load job's data instead of `uploads` and the recorded request keeping it
 * (large loads).
 */
export class BigQueryFake {
  readonly server: FakeHttpServer;
  readonly jobs = new Map<string, { request: Record<string, any>; result: FakeQueryResult }>();
  readonly uploads: { metadata: Record<string, any>; data: string }[] = [];
  readonly cancelled: string[] = [];
  failures: number[] = [];
  sessionId = "session-1";
  onUpload?: (metadata: Record<string, any>, data: string) => void;

  /** `answer` sees each query job's SQL and its whole configuration (parameters, session, labels). */
  constructor(
    private readonly answer: (
      sql: string,
      query: Record<string, any>,
    ) => FakeQueryResult | Promise<FakeQueryResult> = () => ({}),
  ) {
    this.server = new FakeHttpServer((r) => this.handle(r));
  }

  start(): Promise<string> {
    return this.server.start();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  /** The configuration of every job inserted (query or load), in order. */
  get inserted(): Record<string, any>[] {
    return [...this.jobs.values()].map((j) => j.request);
  }

  get queries(): string[] {
    return this.inserted.filter((j) => j.configuration?.query).map((j) => j.configuration.query.query);
  }

  private jobResource(id: string): Record<string, any> {
    const job = this.jobs.get(id)!;
    const done = !job.result.neverCompletes;
    const statistics: Record<string, any> = {
      totalBytesProcessed: String(job.result.totalBytesProcessed ?? 0),
      query: {
        totalBytesProcessed: String(job.result.totalBytesProcessed ?? 0),
        numDmlAffectedRows: String(job.result.numDmlAffectedRows ?? 0),
        statementType: "SELECT",
      },
    };
    if (job.request.configuration?.query?.createSession) statistics.sessionInfo = { sessionId: this.sessionId };
    return {
      kind: "bigquery#job",
      id: `p:US.${id}`,
      jobReference: { ...job.request.jobReference, jobId: id },
      configuration: job.request.configuration,
      status: done
        ? {
            state: "DONE",
            ...(job.result.error ? { errorResult: { reason: "invalidQuery", message: job.result.error } } : {}),
          }
        : { state: "RUNNING" },
      statistics,
    };
  }

  private queryResults(id: string): Record<string, any> {
    const job = this.jobs.get(id)!;
    if (job.result.neverCompletes) return { jobComplete: false, jobReference: { jobId: id } };
    const rows = job.result.rows ?? [];
    const names = Object.keys(rows[0] ?? {});
    return {
      kind: "bigquery#getQueryResultsResponse",
      jobComplete: true,
      jobReference: { jobId: id },
      schema: {
        fields: names.map((name) => ({ name, type: columnType(rows.map((r) => r[name])), mode: "NULLABLE" })),
      },
      rows: rows.map((r) => ({ f: names.map((n) => ({ v: r[n] === null ? null : String(r[n]) })) })),
      totalRows: String(rows.length),
    };
  }

  private async handle(r: RecordedRequest): Promise<Reply> {
    const jobsPath = /^\/bigquery\/v2\/projects\/([^/]+)\/jobs$/;
    const jobPath = /^\/bigquery\/v2\/projects\/([^/]+)\/jobs\/([^/]+)$/;
    const cancelPath = /^\/bigquery\/v2\/projects\/([^/]+)\/jobs\/([^/]+)\/cancel$/;
    const resultsPath = /^\/bigquery\/v2\/projects\/([^/]+)\/queries\/([^/]+)$/;
    const uploadPath = /^\/upload\/bigquery\/v2\/projects\/([^/]+)\/jobs$/;
    if (r.method === "POST" && (jobsPath.test(r.path) || uploadPath.test(r.path))) {
      const failure = this.failures.shift();
      if (failure) return { status: failure, body: { error: { code: failure, message: `injected ${failure}` } } };
      const request = uploadPath.test(r.path) ? this.parseUpload(r) : (r.json as Record<string, any>);
      const id = request.jobReference.jobId as string;
      if (this.jobs.has(id))
        return { status: 409, body: { error: { code: 409, message: `Already Exists: Job p:US.${id}` } } };
      const sql = request.configuration?.query?.query as string | undefined;
      let result: FakeQueryResult = {};
      if (sql) {
        try {
          result = await this.answer(sql, request.configuration.query);
        } catch (error) {
          result = { error: (error as Error).message };
        }
      }
      this.jobs.set(id, { request, result });
      return { body: this.jobResource(id) };
    }
    let m = cancelPath.exec(r.path);
    if (m && r.method === "POST") {
      this.cancelled.push(m[2]!);
      return { body: { job: this.jobResource(m[2]!) } };
    }
    m = jobPath.exec(r.path);
    if (m && r.method === "GET")
      return this.jobs.has(m[2]!)
        ? { body: this.jobResource(m[2]!) }
        : { status: 404, body: { error: { code: 404, message: "Not found" } } };
    m = resultsPath.exec(r.path);
    if (m && r.method === "GET") return { body: this.queryResults(m[2]!) };
    return { status: 404, body: { error: { code: 404, message: `fake BigQuery: no route ${r.method} ${r.path}` } } };
  }

  /** multipart/related: part 1 the job resource (JSON), part 2 the data. */
  private parseUpload(r: RecordedRequest): Record<string, any> {
    const boundary = /boundary=([^;]+)/.exec(String(r.headers["content-type"]))![1]!.replace(/"/g, "");
    const parts = r.body
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((p) =>
        p
          .split(/\r?\n\r?\n/)
          .slice(1)
          .join("\n\n")
          .replace(/\r?\n$/, ""),
      );
    const metadata = JSON.parse(parts[0]!);
    if (this.onUpload) {
      this.onUpload(metadata, parts[1] ?? "");
      r.body = "";
    }
    this.uploads.push({ metadata, data: this.onUpload ? "" : (parts[1] ?? "") });
    return metadata;
  }
}

function columnType(values: unknown[]): string {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length > 0 && present.every((v) => typeof v === "boolean")) return "BOOL";
  if (present.length > 0 && present.every((v) => typeof v === "number"))
    return present.every((v) => Number.isInteger(v)) ? "INT64" : "FLOAT64";
  return "STRING";
}
