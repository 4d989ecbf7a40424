import type { Command } from "commander";
import type { Column } from "../../check/catalog.ts";
import type { CompiledGraph, Target } from "../../engine/graph.ts";
import type { CommandContext } from "../context.ts";

/**
 * The columns of the tables already in the runtime's warehouse (the local DuckDB file, or BigQuery with
 * NBA_PROPS_RUNTIME=gcp), for declarations without typed columns (any Dataform project's declarations), as the
 * run's gate reads them. None without a local warehouse file, or when the warehouse cannot be read (then the check
 * goes on and reports untyped declarations as such).
 */
async function warehouseColumnsFor(
  ctx: CommandContext,
  graph: CompiledGraph,
): Promise<((target: Target) => Column[] | undefined) | undefined> {
  const fs = await import("node:fs");
  if (ctx.config.runtime === "local" && !fs.existsSync(ctx.config.warehousePath)) return undefined;
  const { openWarehouse } = await import("../open-warehouse.ts");
  const { warehouseColumns } = await import("../../engine/warehouse-columns.ts");
  const where = ctx.config.runtime === "gcp" ? `BigQuery project ${ctx.config.gcp.project}` : ctx.config.warehousePath;
  let warehouse: Awaited<ReturnType<typeof openWarehouse>> | undefined;
  try {
    warehouse = await openWarehouse(ctx.config);
    return await warehouseColumns(warehouse, ctx.config.datasetPrefix, graph);
  } catch (e) {
    // e.g. a run holds the local file's lock, or BigQuery refuses the credentials
    ctx.logger.warn({ warehouse: where, error: (e as Error).message }, "cannot read the warehouse's columns");
    return undefined;
  } finally {
    await warehouse?.close();
  }
}

/** `nba-props check`: prove the compiled SQL is valid BigQuery with BigQuery's analyzer (docs/check.md). */
export function registerCheckCommand(program: Command): void {
  program
    .command("check")
    .description(
      "compile the project for BigQuery and analyse every statement with ZetaSQL (BigQuery's SQL front end), offline",
    )
    .option("--project <dir>", "Dataform project directory (default: current directory)")
    .option("--json", "print the result as JSON")
    .action(async (opts: { project?: string; json?: boolean }) => {
      const { createContext } = await import("../context.ts");
      const { AnalyzerUnavailableError } = await import("../../check/analyzer-process.ts");
      const { checkProject } = await import("../../check/check.ts");
      const { formatReport } = await import("../../check/report.ts");
      const { CompilationFailedError } = await import("../../engine/compile.ts");
      const ctx = createContext(opts.project);
      try {
        const result = await checkProject({
          projectDir: ctx.projectDir,
          logger: ctx.logger,
          warehouseColumns: (graph) => warehouseColumnsFor(ctx, graph),
          hooks: {
            onAnalyzerStarted: (a) =>
              ctx.logger.info(
                { analyzerPid: a.pid, port: a.port, startMs: Math.round(a.startMs) },
                "ZetaSQL analyzer started",
              ),
          },
        });
        process.stdout.write(opts.json ? JSON.stringify(result, null, 2) + "\n" : formatReport(result));
        if (!result.ok) process.exitCode = 1;
      } catch (e) {
        process.exitCode = 1;
        if (e instanceof AnalyzerUnavailableError || e instanceof CompilationFailedError) {
          const message =
            e instanceof AnalyzerUnavailableError ? `cannot run the BigQuery check: ${e.message}` : e.message;
          if (opts.json) process.stdout.write(JSON.stringify({ ok: false, error: e.name, message }, null, 2) + "\n");
          else process.stderr.write(`✗ ${message}\n`);
          return;
        }
        throw e;
      }
    });
}
