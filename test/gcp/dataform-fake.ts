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
  /** The actions of every invocation, or of one invocation from its request (workflowInvocation resource). */
  invocationActions: Record<string, unknown>[] | ((invocation: Record<string, any>) => Record<string, unknown>[]) = [];
  /** Each workflow invocation created, by name (`…/inv-N`). */
  readonly invocations = new Map<string, Record<string, any>>();
  readonly configs = new Map<string, Record<string, unknown>>();
  failures: number[] = [];
  private compilations = 0;
  private invoked = 0;

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
      const name = `${p.slice(4)}/cr-${++this.compilations}`;
      return { body: { ...body, name, compilationErrors: this.compilationErrors } };
    }
    if (r.method === "GET" && /\/compilationResults\/[^/]+:query$/.test(p))
      return { body: { compilationResultActions: this.compilationActions } };
    if (r.method === "POST" && p.endsWith("/workflowInvocations")) {
      const name = `${p.slice(4)}/inv-${++this.invoked}`;
      this.invocations.set(name, body);
      return { body: { ...body, name, state: "RUNNING" } };
    }
    if (r.method === "GET" && /\/workflowInvocations\/[^/]+:query$/.test(p)) {
      const actions = this.invocationActions;
      const invocation = this.invocations.get(p.slice(4).replace(/:query$/, "")) ?? {};
      return { body: { workflowInvocationActions: typeof actions === "function" ? actions(invocation) : actions } };
    }
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

type GraphTarget = { database?: string; schema: string; name: string };
interface GraphAction {
  target: GraphTarget;
  fileName?: string;
  tags?: string[];
  dependencyTargets?: GraphTarget[];
  disabled?: boolean;
}

/**
 * A locally compiled graph (Dataform core's compiled graph) as the API's compilation result actions, every target
 * in `database`: what a Dataform compilation of the same repository and vars answers.
 */
export function compilationActionsOf(
  graph: {
    tables?: (GraphAction & { type?: string; query?: string })[];
    assertions?: (GraphAction & { query?: string; parentAction?: GraphTarget })[];
    operations?: (GraphAction & { queries?: string[] })[];
    declarations?: GraphAction[];
  },
  database: string,
): Record<string, unknown>[] {
  const at = (t: GraphTarget) => ({ database, schema: t.schema, name: t.name });
  const common = (a: GraphAction) => ({
    dependencyTargets: (a.dependencyTargets ?? []).map(at),
    tags: a.tags ?? [],
    disabled: Boolean(a.disabled),
  });
  const relationType = (type?: string) =>
    type === "incremental" ? "INCREMENTAL_TABLE" : type === "view" ? "VIEW" : "TABLE";
  return [
    ...(graph.tables ?? []).map((t) => ({
      target: at(t.target),
      canonicalTarget: at(t.target),
      filePath: t.fileName,
      relation: { ...common(t), relationType: relationType(t.type), selectQuery: t.query },
    })),
    ...(graph.assertions ?? []).map((a) => ({
      target: at(a.target),
      canonicalTarget: at(a.target),
      filePath: a.fileName,
      assertion: {
        ...common(a),
        selectQuery: a.query,
        ...(a.parentAction ? { parentAction: at(a.parentAction) } : {}),
      },
    })),
    ...(graph.operations ?? []).map((o) => ({
      target: at(o.target),
      canonicalTarget: at(o.target),
      filePath: o.fileName,
      operations: { ...common(o), queries: o.queries ?? [] },
    })),
    ...(graph.declarations ?? []).map((d) => ({ target: at(d.target), declaration: {} })),
  ];
}

/** The compilation result actions a workflow invocation of `includedTags` runs (no transitive dependencies). */
export function invokedByTags(actions: Record<string, any>[], invocation: Record<string, any>): Record<string, any>[] {
  const tags: string[] = invocation.invocationConfig?.includedTags ?? [];
  const of = (a: Record<string, any>) => a.relation ?? a.assertion ?? a.operations;
  return actions.filter((a) => of(a) && !of(a).disabled && of(a).tags.some((t: string) => tags.includes(t)));
}
