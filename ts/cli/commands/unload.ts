import fs from "node:fs";
import type { Command } from "commander";
import { logicalSourceName } from "../../raw/load-raw.ts";
import { unloadRawFile } from "../../raw/unload-raw.ts";
import { createContext } from "../context.ts";
import { datasetPrefixOption } from "../dataset-prefix-option.ts";
import { openWarehouse } from "../../config/runtime.ts";

/**
 * `nba-props unload <files…>`: removes loaded files (by path, or by the logical name rows carry in source_file) and
 * their rows from nba_raw, restoring rows of other files they had superseded. Exit 1 when any name fails.
 */
export function registerUnloadCommand(program: Command): void {
  datasetPrefixOption(
    program
      .command("unload")
      .description("remove loaded files and their rows from nba_raw (rows they had superseded come back)")
      .argument("<files...>", "file paths, or source_file names as loaded (e.g. player_box_scores/2023-24.csv.gz)")
      .option("--project <dir>", "project directory", process.cwd()),
  ).action(async (files: string[], flags: { project: string; datasetPrefix?: string }) => {
    const ctx = createContext(flags.project);
    const datasetPrefix = flags.datasetPrefix ?? ctx.config.datasetPrefix;
    const warehouse = await openWarehouse(ctx.config);
    try {
      for (const file of files) {
        const sourceFile = fs.existsSync(file) ? logicalSourceName(file, ctx.config.dataDir) : file;
        try {
          const r = await unloadRawFile(warehouse, sourceFile, { datasetPrefix, quarantineDir: ctx.config.quarantineDir });
          process.stdout.write(`unloaded ${r.sourceFile} from ${r.table}: ${r.rowsRemoved} rows removed, ${r.rowsRestored} rows of other files restored\n`);
        } catch (error) {
          process.stdout.write(`unload: ${(error as Error).message}\n`);
          process.exitCode = 1;
        }
      }
    } finally {
      await warehouse.close();
    }
  });
}
