import http from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the fake server received it: method, path (without query), query string and body. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  json?: unknown;
}

export interface Reply {
  status?: number;
  body?: unknown;
}

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

/** A wire-level fake on 127.0.0.1: records every request and answers it through the test's handler. */
export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  private server?: http.Server;

  constructor(private readonly handler: Handler) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const body = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = body && (req.headers["content-type"] ?? "").includes("json") ? JSON.parse(body) : undefined;
        } catch {
          json = undefined;
        }
        const recorded: RecordedRequest = {
          method: req.method ?? "GET",
          path: decodeURIComponent(url.pathname),
          query: url.searchParams,
          headers: req.headers,
          body,
          json,
        };
        this.requests.push(recorded);
        try {
          const reply = await this.handler(recorded);
          res.writeHead(reply.status ?? 200, { "content-type": "application/json" });
          res.end(JSON.stringify(reply.body ?? {}));
        } catch (error) {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { code: 500, message: (error as Error).message } }));
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

export const googleError = (status: number, message: string): Reply => ({
  status,
  body: { error: { code: status, message, status: status === 429 ? "RESOURCE_EXHAUSTED" : "UNAVAILABLE" } },
});
