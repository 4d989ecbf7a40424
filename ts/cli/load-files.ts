import { createLoadProgress } from "../raw/load-progress.ts";
import { loadRawFiles, type RawLoadSummary } from "../raw/load-raw.ts";
import type { Warehouse } from "../engine/warehouse.ts";
import type { CommandContext } from "./context.ts";

/** Loads files through the raw loaders with a progress bar: the one path `import`, `load` and `pipeline` share. */
export async function loadFilesWithProgress(
  ctx: CommandContext,
  warehouse: Warehouse,
  label: string,
  files: string[],
  options: { datasetPrefix?: string; kind?: string } = {},
): Promise<RawLoadSummary> {
  const progress = createLoadProgress(label, files.length);
  try {
    return await loadRawFiles(warehouse, files, {
      datasetPrefix: options.datasetPrefix ?? ctx.config.datasetPrefix,
      quarantineDir: ctx.config.quarantineDir,
      dataDir: ctx.config.dataDir,
      kind: options.kind,
      logger: ctx.logger,
      onFileDone: progress.onFileDone,
    });
  } finally {
    progress.stop();
  }
}

