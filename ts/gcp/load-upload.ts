import { randomUUID } from "node:crypto";

export interface LoadUpload {
  /** https://bigquery.googleapis.com (production) or a local fake. */
  apiEndpoint: string;
  projectId: string;
  location: string;
  jobId: string;
  /** The job resource's configuration: load (destination, format, dispositions), labels, jobTimeoutMs. */
  configuration: Record<string, unknown>;
  data: string;
  headers: () => Promise<Record<string, string>>;
  maxRetries: number;
  backoffCapMs: number;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/**
 * jobs.insert with the data in the same request (multipart/related: the job resource, then the rows). Written here
 * rather than through the client's stream upload because that path sends no job labels or timeout and never
 * retries. The job id is fixed before the first attempt: a retry after a lost answer gets 409 "Already Exists"
 * for a job that did start, which counts as success (the caller then waits for that job).
 */
export async function uploadLoadJob(u: LoadUpload): Promise<void> {
  const url = `${u.apiEndpoint}/upload/bigquery/v2/projects/${encodeURIComponent(u.projectId)}/jobs?uploadType=multipart`;
  const job = {
    jobReference: { projectId: u.projectId, jobId: u.jobId, location: u.location },
    configuration: u.configuration,
  };
  for (let attempt = 0; ; attempt++) {
    const boundary = randomUUID();
    const body =
      `--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(job)}\r\n` +
      `--${boundary}\r\nContent-Type: application/octet-stream\r\n\r\n${u.data}\r\n--${boundary}--\r\n`;
    const response = await fetch(url, {
      method: "POST",
      headers: { ...(await u.headers()), "content-type": `multipart/related; boundary=${boundary}` },
      body,
    });
    if (response.ok || response.status === 409) return;
    const text = await response.text();
    if (!RETRYABLE.has(response.status) || attempt >= u.maxRetries) {
      throw new Error(`BigQuery load job ${u.jobId} upload failed: HTTP ${response.status} ${text.slice(0, 300)}`);
    }
    const delay = Math.min(u.backoffCapMs, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
    await new Promise((r) => setTimeout(r, delay));
  }
}
