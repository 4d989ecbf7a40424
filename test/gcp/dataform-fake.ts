import { FakeHttpServer, googleError, type RecordedRequest, type Reply } from "./fake-http.ts";

/**
 * A fake of the Dataform v1 REST API (what the client's HTTP/JSON mode sends): compilation results and their
 * actions, workflow invocations (states scripted by the test), their actions, cancel, release and workflow configs.
 */
export class DataformFake {
  readonly server: FakeHttpServer;
  compilationActions: Record<string, unknown>[] = [];
  compilationErrors: Record<string, unknown>[] = [];
  /** The states getWorkflowInvocation answers, in order (the last one repeats). */
  invocationStates: string[] = ["SUCCEEDED"];
  invocationActions: Record<string, unknown>[] = [];
  readonly configs = new Map<string, Record<string, unknown>>();
  failures: number[] = [];

  constructor() {
    this.server = new FakeHttpServer((r) => this.handle(r));
  }

  start(): Promise<string> {
    return this.server.start();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  calls(method: string, suffix: RegExp): RecordedRequest[] {
    return this.server.requests.filter((r) => r.method === method && suffix.test(r.path));
  }

  private handle(r: RecordedRequest): Reply {
    const failure = this.failures.shift();
    if (failure) return googleError(failure, `injected ${failure}`);
    const body = (r.json ?? {}) as Record<string, any>;
    const p = r.path;
    if (r.method === "POST" && p.endsWith("/compilationResults")) {
      return { body: { ...body, name: `${p.slice(4)}/cr-1`, compilationErrors: this.compilationErrors } };
    }
    if (r.method === "GET" && /\/compilationResults\/[^/]+:query$/.test(p))
      return { body: { compilationResultActions: this.compilationActions } };
    if (r.method === "POST" && p.endsWith("/workflowInvocations"))
      return { body: { ...body, name: `${p.slice(4)}/inv-1`, state: "RUNNING" } };
    if (r.method === "GET" && /\/workflowInvocations\/[^/]+:query$/.test(p))
      return { body: { workflowInvocationActions: this.invocationActions } };
    if (r.method === "POST" && /\/workflowInvocations\/[^/]+:cancel$/.test(p)) return { body: {} };
    if (r.method === "GET" && /\/workflowInvocations\/[^/]+$/.test(p)) {
      const state = this.invocationStates.length > 1 ? this.invocationStates.shift()! : this.invocationStates[0]!;
      return { body: { name: p.slice(4), state } };
    }
    if (/\/(releaseConfigs|workflowConfigs)(\/[^/]+)?$/.test(p)) return this.config(r, body);
    return { status: 404, body: { error: { code: 404, message: `fake Dataform: no route ${r.method} ${p}` } } };
  }

  private config(r: RecordedRequest, body: Record<string, any>): Reply {
    const p = r.path.slice(4);
    if (r.method === "GET") {
      const found = this.configs.get(p);
      return found
        ? { body: found }
        : { status: 404, body: { error: { code: 404, message: `${p} not found`, status: "NOT_FOUND" } } };
    }
    if (r.method === "POST") {
      const id = r.query.get("releaseConfigId") ?? r.query.get("workflowConfigId")!;
      const stored = { ...body, name: `${p}/${id}` };
      this.configs.set(`${p}/${id}`, stored);
      return { body: stored };
    }
    if (r.method === "PATCH") {
      const stored = { ...this.configs.get(p), ...body, name: p };
      this.configs.set(p, stored);
      return { body: stored };
    }
    return { status: 405, body: {} };
  }
}
