/**
 * Runs @dataform/core's `main` in a worker thread, so every compile starts from fresh globals and a fresh
 * require cache (core keeps its session in globals). It installs the same hooks the stock CLI installs in its
 * vm2 sandbox: .sqlx/.sql/.yaml/.js project files go through `core.compiler`, bare module names resolve
 * against the project directory, and `__dataform_current_file` tracks the file being evaluated.
 */
import fs from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";

export interface CompileWorkerInput {
  projectDir: string;
  coreDir: string;
  requestBase64: string;
}

type CompilerFn = (code: string, file: string) => string;
interface CjsModule {
  _compile(code: string, file: string): void;
}
interface ModuleInternals {
  _extensions: Record<string, (module: CjsModule, file: string) => void>;
  _resolveFilename: (request: string, parent: unknown, ...rest: unknown[]) => string;
}

function run({ projectDir, coreDir, requestBase64 }: CompileWorkerInput): string {
  const internals = Module as unknown as ModuleInternals;
  const projectRequire = createRequire(path.join(projectDir, "index.js"));
  const corePath = path.join(coreDir, "bundle.js");
  const core = projectRequire(corePath) as { compiler: CompilerFn; main: (request: string) => string };

  const fileStack: string[] = [];
  Object.defineProperty(globalThis, "__dataform_current_file", {
    configurable: true,
    get: () => fileStack[fileStack.length - 1] ?? null,
  });

  const isProjectSource = (file: string) =>
    file.startsWith(projectDir + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`);
  const compileThroughCore = (module: CjsModule, file: string) => {
    const compiled = core.compiler(fs.readFileSync(file, "utf8"), file);
    fileStack.push(file);
    try {
      module._compile(compiled, file);
    } finally {
      fileStack.pop();
    }
  };
  const plainJs = internals._extensions[".js"]!;
  internals._extensions[".js"] = (module, file) =>
    isProjectSource(file) ? compileThroughCore(module, file) : plainJs(module, file);
  for (const ext of [".sqlx", ".sql", ".yaml", ".yml"]) internals._extensions[ext] = compileThroughCore;

  const resolve = internals._resolveFilename;
  internals._resolveFilename = (request, parent, ...rest) => {
    if (request === "@dataform/core") return corePath;
    try {
      return resolve(request, parent, ...rest);
    } catch (error) {
      if (request.startsWith(".") || path.isAbsolute(request)) throw error;
      return resolve(path.join(projectDir, request), parent, ...rest);
    }
  };

  const globals = globalThis as Record<string, unknown>;
  const settingsYaml = path.join(projectDir, "workflow_settings.yaml");
  const dataformJson = path.join(projectDir, "dataform.json");
  if (fs.existsSync(settingsYaml)) globals.workflowSettingsYaml = projectRequire(settingsYaml);
  if (fs.existsSync(dataformJson)) globals.dataformJson = projectRequire(dataformJson);
  return core.main(requestBase64);
}

try {
  parentPort!.postMessage({ ok: true, responseBase64: run(workerData as CompileWorkerInput) });
} catch (error) {
  const e = error as Error;
  parentPort!.postMessage({ ok: false, message: e?.message ?? String(error), stack: e?.stack });
}
