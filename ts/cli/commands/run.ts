import type { Command } from "commander";
import { format } from "sql-formatter";
import { compileProject } from "../../engine/compile.ts";
import * as dml from "../../engine/dml.ts";
import { planRun, type RunOptions } from "../../engine/local-runner.ts";
import type { PlannedAction } from "../../engine/plan.ts";
import { addCompileFlags, compileOptionsFrom, type CompileFlagValues } from "../compile-flags.ts";
import { createContext } from "../context.ts";
import { datasetPrefixOption } from "../dataset-prefix-option.ts";
import { openWarehouse } from "../open-warehouse.ts";
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
}

function pretty(sql: string): string {
  try {
    return format(sql, { language: "duckdb", keywordCase: "upper" });
  } catch {
    return sql;
  }
}

/** What `--dry-run` prints: every statement each action would run, in order, formatted. */
export function dryRunText(plans: PlannedAction[]): string {
  const blocks = plans.map((p) => {
    const a = p.action;
    const lines = [`-- ${a.name} (${a.type}, ${a.file})${a.disabled ? " [disabled]" : ""}`];
    const add = (label: string, statements: string[]) => {
      if (statements.length === 0) return;
      lines.push(`-- ${label}`, ...statements.map((s) => `${pretty(s)};`));
    };
    switch (a.type) {
      case "table":
        add("build", [...p.preOps, dml.createTableAs(p.ref, p.query!), ...p.postOps]);
        break;
      case "view":
        add("build", [...p.preOps, dml.createViewAs(p.ref, p.query!), ...p.postOps]);
        break;
      case "incremental": {
        add("first run or --full-refresh", [...p.preOps, dml.createTableAs(p.ref, p.query!), ...p.postOps]);
        const key = a.table?.uniqueKey ?? [];
        const write = key.length > 0 ? `-- then MERGE the new rows on (${key.join(", ")})` : "-- then INSERT the new rows";
        add("incremental run: new rows", [...p.incremental!.preOps, p.incremental!.query, ...p.incremental!.postOps]);
        lines.push(write);
        break;
      }
      case "operations":
        add("operations", p.operations ?? []);
        break;
      case "assertion":
        add("assertion (passes when it returns no rows)", [p.query!]);
        break;
      case "declaration":
        lines.push(`-- source must exist: ${p.ref.schema}.${p.ref.name}`);
        break;
    }
    return lines.join("\n");
  });
  return `${blocks.join("\n\n")}\n`;
}

async function execute(flags: RunFlags, extra: Partial<RunOptions>): Promise<void> {
  const ctx = createContext(flags.project);
  const graph = await compileProject(compileOptionsFrom(flags, ctx.projectDir, "duckdb"));
  const options: RunOptions = {
    actions: flags.actions,
    tags: flags.tags,
    includeDeps: flags.includeDeps,
    includeDependents: flags.includeDependents,
    fullRefresh: flags.fullRefresh,
    datasetPrefix: flags.datasetPrefix ?? ctx.config.datasetPrefix,
    concurrency: flags.concurrency ? Number(flags.concurrency) : ctx.config.concurrency.run,
    ...extra,
  };
  if (flags.dryRun) {
    process.stdout.write(dryRunText(planRun(graph, options)));
    return;
  }
  const warehouse = await openWarehouse(ctx.config);
  try {
    const summary = await runWithProgress(ctx, warehouse, graph, options);
    if (!summary.ok) process.exitCode = 1;
  } finally {
    await warehouse.close();
  }
}

function addRunFlags(command: Command): Command {
  return datasetPrefixOption(addCompileFlags(command))
    .option("--actions <patterns...>", "run only these actions (names, schema.name, * wildcards)")
    .option("--tags <tags...>", "run only actions with any of these tags")
    .option("--include-deps", "also run the selected actions' dependencies")
    .option("--include-dependents", "also run the actions that depend on the selection")
    .option("--concurrency <n>", "how many independent actions run at once")
    .option("--dry-run", "print each action's final SQL and run nothing");
}

export function registerRunCommand(program: Command): void {
  addRunFlags(program.command("run").description("run the project's graph on the local DuckDB warehouse"))
    .option("--full-refresh", "rebuild incremental tables from scratch (except protected ones)")
    .action((flags: RunFlags) => execute(flags, {}));
  addRunFlags(program.command("assert").description("run only the assertions (of the selection) against what is built"))
    .action((flags: RunFlags) => execute(flags, { onlyTypes: ["assertion"] }));
}
