import { type Command, Option } from "commander";
import type { Action } from "../../engine/actions.ts";
import type { CompiledGraph } from "../../engine/graph.ts";
import type { GraphRunRequest } from "../../engine/graph-runner.ts";
import type { RunOptions } from "../../engine/local-runner.ts";
import { addCompileFlags, type CompileFlagValues, compileOptionsFrom } from "../compile-flags.ts";
import type { CommandContext } from "../context.ts";
import { datasetPrefixOption } from "../dataset-prefix-option.ts";
import type { DryRunDialect, ExistingTables } from "../dry-run.ts";
import { positiveInteger } from "../option-parsers.ts";
import { commandOutput } from "../output.ts";

interface RunFlags extends CompileFlagValues {
  actions?: string[];
  tags?: string[];
  includeDeps?: boolean;
  includeDependents?: boolean;
  fullRefresh?: boolean;
  dryRun?: boolean;
  dialect: DryRunDialect;
  datasetPrefix?: string;
  concurrency?: number;
  json?: boolean;
  runtime?: "local" | "gcp";
}

/** Incremental targets of the selection that exist in the local warehouse, with their columns (none without one). */
async function existingIncrementalTables(
  ctx: CommandContext,
  actions: Action[],
  prefix: string,
): Promise<ExistingTables> {
  const fs = await import("node:fs");
  const existing: ExistingTables = new Map();
  const incremental = actions.filter((a) => a.type === "incremental");
  if (incremental.length === 0 || !fs.existsSync(ctx.config.warehousePath)) return existing;
  const { openWarehouse } = await import("../open-warehouse.ts");
  const dml = await import("../../engine/dml.ts");
  const warehouse = await openWarehouse(ctx.config);
  try {
    for (const a of incremental) {
      const ref = { schema: `${prefix}${a.target.schema}`, name: a.target.name };
      const [found] = await warehouse.query<{ n: number }>(dml.tableExists(), { params: ref });
      if (Number(found?.n ?? 0) === 0) continue;
      const columns = await warehouse.query<{ column_name: string; data_type: string }>(dml.describeColumns(ref));
      existing.set(a.name, new Map(columns.map((c) => [c.column_name, c.data_type])));
    }
  } finally {
    await warehouse.close();
  }
  return existing;
}

/** The actions a run of this selection reports (as the local runner selects them), without translating any SQL. */
async function selectedActions(graph: CompiledGraph, options: RunOptions): Promise<Action[]> {
  const { buildActions } = await import("../../engine/actions.ts");
  const { selectActions } = await import("../../engine/selection.ts");
  const actions = buildActions(graph);
  const selected = selectActions(actions, options);
  const wanted = (a: Action) => !options.onlyTypes || options.onlyTypes.includes(a.type) || a.type === "declaration";
  return actions.filter((a) => selected.has(a.name) && wanted(a));
}

async function dryRun(ctx: CommandContext, flags: RunFlags, options: RunOptions): Promise<string> {
  const { compileProject } = await import("../../engine/compile.ts");
  const { planRun } = await import("../../engine/local-runner.ts");
  const { bigQueryDryRun, duckDbDryRun } = await import("../dry-run.ts");
  const prefix = options.datasetPrefix ?? "";
  if (flags.dialect === "duckdb") {
    const plans = await planRun(await compileProject(compileOptionsFrom(flags, ctx.projectDir)), options);
    const existing = await existingIncrementalTables(
      ctx,
      plans.map((p) => p.action),
      prefix,
    );
    return duckDbDryRun(plans, existing, options.fullRefresh);
  }
  // BigQuery: the compilation as it is, selected as the local runner selects.
  const chosen = await selectedActions(await compileProject(compileOptionsFrom(flags, ctx.projectDir)), options);
  return bigQueryDryRun(chosen, await existingIncrementalTables(ctx, chosen, prefix), options.fullRefresh);
}

async function execute(command: "run" | "assert", flags: RunFlags, extra: Partial<RunOptions>): Promise<void> {
  const { compileProject } = await import("../../engine/compile.ts");
  const { createContext } = await import("../context.ts");
  const out = commandOutput(flags.json);
  const ctx = createContext(flags.project);
  const options: RunOptions = {
    actions: flags.actions,
    tags: flags.tags,
    includeDeps: flags.includeDeps,
    includeDependents: flags.includeDependents,
    fullRefresh: flags.fullRefresh,
    datasetPrefix: flags.datasetPrefix ?? ctx.config.datasetPrefix,
    concurrency: flags.concurrency ?? ctx.config.concurrency.run,
    projectDir: ctx.projectDir,
    ...extra,
  };
  if (flags.dryRun && flags.runtime !== "gcp" && ctx.config.runtime !== "gcp") {
    const sql = await dryRun(ctx, flags, options);
    out.text(sql);
    out.result({ ok: true, dialect: flags.dialect, sql });
    return;
  }
  const { openRuntime } = await import("../../config/runtime.ts");
  const runtime = openRuntime(flags.runtime ? { ...ctx.config, runtime: flags.runtime } : ctx.config);
  try {
    const request: GraphRunRequest = {
      compile: compileOptionsFrom(flags, ctx.projectDir),
      actions: options.actions,
      tags: options.tags,
      includeDeps: options.includeDeps,
      includeDependents: options.includeDependents,
      fullRefresh: options.fullRefresh,
      datasetPrefix: options.datasetPrefix,
      concurrency: options.concurrency,
      onlyTypes: options.onlyTypes,
    };
    if (flags.dryRun) {
      // gcp: each statement's bytes from a BigQuery dry run
      const text = await runtime.graphRunner().dryRun(request);
      out.text(text);
      out.result({ ok: true, runtime: "gcp", text });
      return;
    }
    if (runtime.graphRunner().runtime === "local") {
      const graph = await compileProject(compileOptionsFrom(flags, ctx.projectDir));
      if (options.onlyTypes && (await selectedActions(graph, options)).every((a) => a.type === "declaration")) {
        throw new Error(`${command}: the selection holds no ${options.onlyTypes.join(" or ")}: nothing to run`);
      }
      request.graph = graph;
    }
    const { runWithProgress } = await import("../run-with-progress.ts");
    const summary = await runWithProgress(ctx, runtime.graphRunner(), request, out.text);
    out.result(summary);
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
    .option("--concurrency <n>", "how many independent actions run at once (a positive integer)", positiveInteger)
    .option("--dry-run", "print the SQL each action would run, in execution order, and run nothing")
    .addOption(
      new Option("--dialect <dialect>", "with --dry-run: the BigQuery SQL production runs, or the local DuckDB SQL")
        .choices(["bigquery", "duckdb"])
        .default("bigquery"),
    )
    .option("--json", "print the run summary (every action's outcome) as JSON; with --dry-run, { dialect, sql }")
    .addOption(
      new Option(
        "--runtime <runtime>",
        "run here instead of NBA_PROPS_RUNTIME's runtime (gcp: a Dataform workflow invocation; --dry-run gives each statement's bytes)",
      ).choices(["local", "gcp"]),
    );
}

export function registerRunCommand(program: Command): void {
  addRunFlags(
    program
      .command("run")
      .description(
        "run the project's graph: locally on DuckDB, or (NBA_PROPS_RUNTIME=gcp) as a Dataform workflow invocation",
      ),
  )
    .option("--full-refresh", "rebuild incremental tables from scratch (except protected ones)")
    .action((flags: RunFlags) => execute("run", flags, {}));
  addRunFlags(
    program.command("assert").description("run only the assertions (of the selection) against what is built"),
  ).action((flags: RunFlags) => execute("assert", flags, { onlyTypes: ["assertion"] }));
}
