import type { Command } from "commander";
import { datasetPrefixOption } from "../dataset-prefix-option.ts";
import { commandOutput } from "../output.ts";

interface ImportFlags {
  project: string;
  datasetPrefix?: string;
  allowShrink?: boolean;
  json?: boolean;
}

export function registerImportCommand(program: Command): void {
  datasetPrefixOption(
    program
      .command("import")
      .description(
        "load all shipped real data (NBA_PROPS_DATA_DIR, default ../shared/data) into nba_raw; unchanged files are skipped",
      )
      .option("--project <dir>", "project directory", process.cwd())
      .option("--allow-shrink", "replace a file's rows even when its new version drops most of them")
      .option("--json", "print the load summary (per file and per table) as JSON"),
    "load into <prefix>nba_raw",
  ).action(async (flags: ImportFlags) => {
    const { formatLoadSummary } = await import("../../raw/load-report.ts");
    const { createContext } = await import("../context.ts");
    const { importShippedData } = await import("../load-files.ts");
    const { openWarehouse } = await import("../open-warehouse.ts");
    const out = commandOutput(flags.json);
    const ctx = createContext(flags.project);
    const warehouse = await openWarehouse(ctx.config);
    try {
      const summary = await importShippedData(ctx, warehouse, {
        datasetPrefix: flags.datasetPrefix,
        allowShrink: flags.allowShrink,
      });
      out.text(formatLoadSummary(summary));
      out.result(summary);
      if (!summary.ok) process.exitCode = 1;
    } finally {
      await warehouse.close();
    }
  });
}
