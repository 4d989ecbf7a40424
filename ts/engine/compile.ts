import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import protobuf from "protobufjs";
import type { CompileWorkerInput } from "./compile-worker.ts";
import type { CompilationError, CompiledGraph, ProjectConfig } from "./graph.ts";

/** The compile-time knobs of `dataform compile`, plus our `engine` var for the dialect layer. */
export interface CompileOptions {
  projectDir: string;
  vars?: Record<string, string>;
  defaultDatabase?: string;
  defaultSchema?: string;
  defaultLocation?: string;
  assertionSchema?: string;
  disableAssertions?: boolean;
  databaseSuffix?: string;
  schemaSuffix?: string;
  tablePrefix?: string;
  timeoutMs?: number;
}

export class CompilationFailedError extends Error {
  override name = "CompilationFailedError";
  constructor(readonly errors: CompilationError[]) {
    super(
      `compilation failed with ${errors.length} error(s):\n` +
        errors
          .map((e) => `  ${e.fileName || "<project>"}${e.actionName ? ` (${e.actionName})` : ""}: ${e.message}`)
          .join("\n"),
    );
  }
}

const ownRequire = createRequire(import.meta.url);
const COMPILED_DIRS = ["definitions", "includes"];
// Built (dist/*.js) the worker is plain JavaScript; from the TypeScript sources (tests, tsx) it boots through tsx's
// CommonJS hook, because Node 20 workers ignore --import loaders.
const RUNS_FROM_SOURCE = import.meta.url.endsWith(".ts");
const WORKER_FILE = new URL(`./compile-worker.${RUNS_FROM_SOURCE ? "ts" : "js"}`, import.meta.url);

function startWorker(workerData: CompileWorkerInput): Worker {
  if (!RUNS_FROM_SOURCE) return new Worker(WORKER_FILE, { workerData });
  const bootstrap = `require(${JSON.stringify(ownRequire.resolve("tsx/cjs/api"))}).register();
require(${JSON.stringify(fileURLToPath(WORKER_FILE))});`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** Each core's own protocol (a project pinning another 3.x core brings its own core.proto). */
const protoRoots = new Map<string, protobuf.Root>();
function coreTypes(coreDir: string) {
  let protoRoot = protoRoots.get(coreDir);
  if (!protoRoot) {
    protoRoot = protobuf.loadSync(path.join(coreDir, "core.proto"));
    protoRoots.set(coreDir, protoRoot);
  }
  return {
    request: protoRoot.lookupType("dataform.CoreExecutionRequest"),
    response: protoRoot.lookupType("dataform.CoreExecutionResponse"),
  };
}

/** The project's own @dataform/core when it has one (like the stock CLI), else the one this tool ships. */
export function resolveCoreDir(projectDir: string): string {
  const local = path.join(projectDir, "node_modules", "@dataform", "core");
  if (fs.existsSync(path.join(local, "bundle.js"))) return local;
  return path.dirname(ownRequire.resolve("@dataform/core/package.json"));
}

/** Every file under definitions/ and includes/, relative to the project: the only files core compiles. */
export function listProjectFiles(projectDir: string): string[] {
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(projectDir, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, entry.name);
      const stat = entry.isSymbolicLink() ? fs.statSync(path.join(projectDir, child)) : entry;
      if (stat.isDirectory()) walk(child);
      else if (stat.isFile()) files.push(child);
    }
  };
  for (const dir of COMPILED_DIRS) if (fs.existsSync(path.join(projectDir, dir))) walk(dir);
  return files.sort();
}

function projectConfigOverride(o: CompileOptions, base: Partial<ProjectConfig>): Partial<ProjectConfig> {
  const override: Partial<ProjectConfig> = {};
  if (o.vars) override.vars = { ...(base.vars ?? {}), ...o.vars };
  if (o.defaultDatabase) override.defaultDatabase = o.defaultDatabase;
  if (o.defaultSchema) override.defaultSchema = o.defaultSchema;
  if (o.defaultLocation) override.defaultLocation = o.defaultLocation;
  if (o.disableAssertions) override.disableAssertions = true;
  if (o.assertionSchema) override.assertionSchema = o.assertionSchema;
  if (o.databaseSuffix) override.databaseSuffix = o.databaseSuffix;
  if (o.schemaSuffix) override.schemaSuffix = o.schemaSuffix;
  if (o.tablePrefix) override.tablePrefix = o.tablePrefix;
  return override;
}

function readBaseVars(projectDir: string): Partial<ProjectConfig> {
  const file = path.join(projectDir, "dataform.json");
  if (!fs.existsSync(file)) return {};
  return JSON.parse(fs.readFileSync(file, "utf8")) as Partial<ProjectConfig>;
}

/**
 * Compiles a Dataform project with Dataform's own compiler (no CLI, no credentials). Resolves to the graph;
 * rejects with CompilationFailedError naming each file and message when the graph has errors.
 */
export async function compileProject(options: CompileOptions): Promise<CompiledGraph> {
  const projectDir = fs.realpathSync(path.resolve(options.projectDir));
  if (
    !fs.existsSync(path.join(projectDir, "dataform.json")) &&
    !fs.existsSync(path.join(projectDir, "workflow_settings.yaml"))
  ) {
    throw new Error(`${projectDir} is not a Dataform project: it has neither dataform.json nor workflow_settings.yaml`);
  }
  const coreDir = resolveCoreDir(projectDir);
  const types = coreTypes(coreDir);
  const request = types.request.fromObject({
    compile: {
      compileConfig: {
        projectDir,
        filePaths: listProjectFiles(projectDir),
        projectConfigOverride: projectConfigOverride(options, readBaseVars(projectDir)),
      },
    },
  });
  const requestBase64 = Buffer.from(types.request.encode(request).finish()).toString("base64");
  const responseBase64 = await runWorker({ projectDir, coreDir, requestBase64 }, options.timeoutMs ?? 60_000);
  const response = types.response.toObject(types.response.decode(Buffer.from(responseBase64, "base64")), {
    enums: String,
    longs: Number,
    defaults: true,
    arrays: true,
    objects: true,
  }) as { compile?: { compiledGraph?: CompiledGraph } };
  const graph = response.compile?.compiledGraph;
  if (!graph) throw new Error("Dataform core returned no compiled graph");
  const errors = graph.graphErrors?.compilationErrors ?? [];
  if (errors.length > 0) throw new CompilationFailedError(errors);
  return graph;
}

function runWorker(input: CompileWorkerInput, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(input);
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`compilation timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    worker.once("message", (m: { ok: boolean; responseBase64?: string; message?: string; stack?: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (m.ok) resolve(m.responseBase64!);
      else
        reject(
          new CompilationFailedError([
            { fileName: "", actionName: "", message: m.message ?? "unknown error", stack: m.stack ?? "" },
          ]),
        );
    });
    worker.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
