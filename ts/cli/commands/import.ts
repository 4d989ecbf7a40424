import fs from "node:fs";
import type { Command } from "commander";
import { listDataFiles } from "../../raw/load-raw.ts";
import { formatLoadSummary } from "../../raw/load-report.ts";
import type { RawLoadSummary } from "../../raw/load-raw.ts";
import { createContext, type CommandContext } from "../context.ts";
import { loadFilesWithProgress } from "../load-files.ts";
import { openWarehouse } from "../open-warehouse.ts";
import type { Warehouse } from "../../engine/warehouse.ts";

/** Every file of the shipped real data (NBA_PROPS_DATA_DIR) into nba_raw, through the raw loaders. */
export async function importShippedData(ctx: CommandContext, warehouse: Warehouse, datasetPrefix?: string): Promise<RawLoadSummary> {
  if (!fs.existsSync(ctx.config.dataDir)) {
    throw new Error(`data directory ${ctx.config.dataDir} does not exist (set NBA_PROPS_DATA_DIR)`);
  }
  return loadFilesWithProgress(ctx, warehouse, "import", listDataFiles(ctx.config.dataDir), { datasetPrefix });
}

export function registerImportCommand(program: Command): void {
  program
    .command("import")
    .description("load all shipped real data (NBA_PROPS_DATA_DIR, default ../shared/data) into nba_raw; unchanged files are skipped")
    .option("--project <dir>", "project directory", process.cwd())
    .option("--dataset-prefix <prefix>", "load into <prefix>nba_raw (default: NBA_PROPS_DATASET_PREFIX)")
    .action(async (flags: { project: string; datasetPrefix?: string }) => {
      const ctx = createContext(flags.project);
      const warehouse = await openWarehouse(ctx.config);
      try {
        const summary = await importShippedData(ctx, warehouse, flags.datasetPrefix);
        process.stdout.write(formatLoadSummary(summary));
        if (!summary.ok) process.exitCode = 1;
      } finally {
        await warehouse.close();
      }
    });
}
