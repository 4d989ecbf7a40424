import type { Command } from "commander";
import { formatLoadSummary } from "../../raw/load-report.ts";
import { createContext } from "../context.ts";
import { datasetPrefixOption } from "../dataset-prefix-option.ts";
import { importShippedData } from "../load-files.ts";
import { openWarehouse } from "../../config/runtime.ts";

export function registerImportCommand(program: Command): void {
  datasetPrefixOption(
    program
      .command("import")
      .description("load all shipped real data (NBA_PROPS_DATA_DIR, default ../shared/data) into nba_raw; unchanged files are skipped")
      .option("--project <dir>", "project directory", process.cwd())
      .option("--allow-shrink", "replace a file's rows even when its new version drops most of them"),
    "load into <prefix>nba_raw",
  ).action(async (flags: { project: string; datasetPrefix?: string; allowShrink?: boolean }) => {
      const ctx = createContext(flags.project);
      const warehouse = await openWarehouse(ctx.config);
      try {
        const summary = await importShippedData(ctx, warehouse, { datasetPrefix: flags.datasetPrefix, allowShrink: flags.allowShrink });
        process.stdout.write(formatLoadSummary(summary));
        if (!summary.ok) process.exitCode = 1;
      } finally {
        await warehouse.close();
      }
    });
}
