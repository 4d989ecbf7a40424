import type { Command } from "commander";
import { datasetPrefixOption } from "../dataset-prefix-option.ts";
import { commandOutput } from "../output.ts";

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
      .option("--project <dir>", "project directory", process.cwd())
      .option("--json", "print each file's result as JSON"),
  ).action(async (files: string[], flags: { project: string; datasetPrefix?: string; json?: boolean }) => {
    const fs = await import("node:fs");
    const { logicalSourceName } = await import("../../raw/load-raw.ts");
    const { unloadRawFile } = await import("../../raw/unload-raw.ts");
    const { createContext } = await import("../context.ts");
    const { openWarehouse } = await import("../open-warehouse.ts");
    const out = commandOutput(flags.json);
    const ctx = createContext(flags.project);
    const datasetPrefix = flags.datasetPrefix ?? ctx.config.datasetPrefix;
    const warehouse = await openWarehouse(ctx.config);
    const results: (
      | { ok: true; sourceFile: string; table: string; rowsRemoved: number; rowsRestored: number }
      | { ok: false; file: string; error: string }
    )[] = [];
    try {
      for (const file of files) {
        const sourceFile = fs.existsSync(file) ? logicalSourceName(file, ctx.config.dataDir) : file;
        try {
          const r = await unloadRawFile(warehouse, sourceFile, {
            datasetPrefix,
            quarantineDir: ctx.config.quarantineDir,
          });
          out.text(
            `unloaded ${r.sourceFile} from ${r.table}: ${r.rowsRemoved} rows removed, ${r.rowsRestored} rows of other files restored\n`,
          );
          results.push({
            ok: true,
            sourceFile: r.sourceFile,
            table: r.table,
            rowsRemoved: r.rowsRemoved,
            rowsRestored: r.rowsRestored,
          });
        } catch (error) {
          out.text(`unload: ${(error as Error).message}\n`);
          results.push({ ok: false, file, error: (error as Error).message });
          process.exitCode = 1;
        }
      }
      out.result({ ok: results.every((r) => r.ok), files: results });
    } finally {
      await warehouse.close();
    }
  });
}
