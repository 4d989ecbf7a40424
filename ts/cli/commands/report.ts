import { validDatasetPrefix } from "../../config/dataset-prefix.ts";
import path from "node:path";
import type { Command } from "commander";
import type { Warehouse } from "../../engine/warehouse.ts";
import { writeReport } from "../../report/build-report.ts";
import { createContext, type CommandContext } from "../context.ts";
import { openWarehouse } from "../../config/runtime.ts";

/** `nba-props report`: the HTML report of the local warehouse (run history, assertions, data, each phase). */
export function registerReportCommand(program: Command): void {
  program
    .command("report")
    .description("write the HTML report of the warehouse (one self-contained file) and print its path")
    .option("--project <dir>", "project directory", process.cwd())
    .option("--out <file>", "where to write it (default: NBA_PROPS_HOME/report.html)")
    .option("--dataset-prefix <prefix>", "report on <prefix>nba_* datasets (default: NBA_PROPS_DATASET_PREFIX)")
    .action(async (flags: { project: string; out?: string; datasetPrefix?: string }) => {
      const ctx = createContext(flags.project);
      const warehouse = await openWarehouse(ctx.config);
      try {
        await writeAndPrintReport(ctx, warehouse, { outFile: flags.out, datasetPrefix: flags.datasetPrefix });
      } finally {
        await warehouse.close();
      }
    });
}

/** Writes the report next to the warehouse (or to outFile) and prints where: the last step of the main job too. */
export async function writeAndPrintReport(
  ctx: CommandContext,
  warehouse: Warehouse,
  options: { outFile?: string; datasetPrefix?: string } = {},
): Promise<string | null> {
  const prefix = options.datasetPrefix ?? ctx.config.datasetPrefix;
  validDatasetPrefix(prefix, "--dataset-prefix");
  if (warehouse.engine !== "duckdb") {
    process.stdout.write(`report: skipped (it reads the local DuckDB warehouse; this run used ${warehouse.engine})\n`);
    return null;
  }
  const outFile = path.resolve(ctx.projectDir, options.outFile ?? path.join(ctx.config.homeDir, "report.html"));
  const result = await writeReport(warehouse, { outFile, datasetPrefix: prefix, source: ctx.config.warehousePath });
  process.stdout.write(`report (${result.sections.join(", ")}): ${result.file}\n`);
  return result.file;
}
