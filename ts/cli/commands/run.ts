import { Option, type Command } from "commander";
import type { GraphRunRequest } from "../../engine/graph-runner.ts";
import { addCompileFlags, compileOptionsFrom, type CompileFlagValues } from "../compile-flags.ts";
import { createContext } from "../context.ts";
import { openRuntime } from "../../config/runtime.ts";
import { datasetPrefixOption } from "../dataset-prefix-option.ts";
import { runWithProgress } from "../run-with-progress.ts";

interface RunFlags extends CompileFlagValues {
  actions?: string[];
  tags?: string[];
  includeDeps?: boolean;
  includeDependents?: boolean;
  fullRefresh?: boolean;
  dryRun?: boolean;
  datasetPrefix?: string;
  concurrency?: string;
  runtime?: "local" | "gcp";
}

export { dryRunText } from "../../engine/dry-run-text.ts";

async function execute(flags: RunFlags, extra: Partial<GraphRunRequest>): Promise<void> {
  const ctx = createContext(flags.project);
  const request: GraphRunRequest = {
    compile: compileOptionsFrom(flags, ctx.projectDir),
    actions: flags.actions,
    tags: flags.tags,
    includeDeps: flags.includeDeps,
    includeDependents: flags.includeDependents,
    fullRefresh: flags.fullRefresh,
    datasetPrefix: flags.datasetPrefix ?? ctx.config.datasetPrefix,
    concurrency: flags.concurrency ? Number(flags.concurrency) : ctx.config.concurrency.run,
    ...extra,
  };
  const runtime = openRuntime(flags.runtime ? { ...ctx.config, runtime: flags.runtime } : ctx.config);
  try {
    if (flags.dryRun) {
      process.stdout.write(await runtime.graphRunner().dryRun(request));
      return;
    }
    const summary = await runWithProgress(ctx, runtime.graphRunner(), request);
    if (!summary.ok) process.exitCode = 1;
  } finally {
    await runtime.close();
  }
}

function addRunFlags(command: Command): Command {
  return datasetPrefixOption(addCompileFlags(command))
    .option("--actions <patterns...>", "run only these actions (names, schema.name, * wildcards)")
    .option("--tags <tags...>", "run only actions with any of these tags")
    .option("--include-deps", "also run the selected actions' dependencies")
    .option("--include-dependents", "also run the actions that depend on the selection")
    .option("--concurrency <n>", "how many independent actions run at once")
    .option("--dry-run", "print what would run and run nothing (local: each action's final SQL; gcp: each statement's bytes from a BigQuery dry run)")
    .addOption(new Option("--runtime <runtime>", "run here instead of NBA_PROPS_RUNTIME's runtime").choices(["local", "gcp"]));
}

export function registerRunCommand(program: Command): void {
  addRunFlags(program.command("run").description("run the project's graph: locally on DuckDB, or (NBA_PROPS_RUNTIME=gcp) as a Dataform workflow invocation"))
    .option("--full-refresh", "rebuild incremental tables from scratch (except protected ones)")
    .action((flags: RunFlags) => execute(flags, {}));
  addRunFlags(program.command("assert").description("run only the assertions (of the selection) against what is built"))
    .action((flags: RunFlags) => execute(flags, { onlyTypes: ["assertion"] }));
}
