import type { Command } from "commander";
import { formatLoadSummary } from "../../raw/load-report.ts";
import { createContext } from "../context.ts";
import { importShippedData } from "../load-files.ts";
import { openWarehouse } from "../../config/runtime.ts";

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
