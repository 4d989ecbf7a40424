import type { Command } from "commander";
import { datasetPrefixOption } from "../dataset-prefix-option.ts";
import { commandOutput } from "../output.ts";

interface LoadFlags {
  project?: string;
  kind?: string;
  datasetPrefix?: string;
  allowShrink?: boolean;
  json?: boolean;
}

/** `nba-props load <paths…>`: the given files (directories are walked) into nba_raw, through the raw loaders. */
export function registerLoadCommand(program: Command): void {
  datasetPrefixOption(
    program
      .command("load")
      .description(
        "load raw files (or every file under the given directories) into nba_raw; unchanged files are skipped",
      )
      .argument(
        "[paths...]",
        "files or directories; the payload kind is detected from the path (e.g. player_box_scores/2023-24.csv.gz)",
      )
      .option("--project <dir>", "project directory", process.cwd())
      .option(
        "--kind <kind>",
        "parse every file as this payload kind, e.g. player_box_scores (an unknown name lists them all)",
      )
      .option("--allow-shrink", "replace a file's rows even when its new version drops most of them")
      .option("--json", "print the load summary (per file and per table) as JSON"),
    "load into <prefix>nba_raw",
  ).action(async (paths: string[], flags: LoadFlags) => {
    if (paths.length === 0)
      throw new Error("load: give at least one file or directory (nba-props import loads the whole data directory)");
    const fs = await import("node:fs");
    const { listDataFiles } = await import("../../raw/load-raw.ts");
    const { formatLoadSummary } = await import("../../raw/load-report.ts");
    const { createContext } = await import("../context.ts");
    const { loadFilesWithProgress } = await import("../load-files.ts");
    const { openWarehouse } = await import("../open-warehouse.ts");
    const out = commandOutput(flags.json);
    const ctx = createContext(flags.project);
    const files = paths.flatMap((p) => {
      if (!fs.existsSync(p)) throw new Error(`load: ${p} does not exist`);
      return fs.statSync(p).isDirectory() ? listDataFiles(p) : [p];
    });
    const warehouse = await openWarehouse(ctx.config);
    try {
      const summary = await loadFilesWithProgress(ctx, warehouse, "load", files, {
        datasetPrefix: flags.datasetPrefix,
        kind: flags.kind,
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
