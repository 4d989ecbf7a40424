import fs from "node:fs";
import type { Warehouse } from "../engine/warehouse.ts";
import { createLoadProgress } from "../raw/load-progress.ts";
import { listDataFiles, loadRawFiles, type RawLoadSummary } from "../raw/load-raw.ts";
import type { CommandContext } from "./context.ts";

/** Loads files through the raw loaders with a progress bar: the one path `import`, `load` and `pipeline` share. */
export async function loadFilesWithProgress(
  ctx: CommandContext,
  warehouse: Warehouse,
  label: string,
  files: string[],
  options: { datasetPrefix?: string; kind?: string; allowShrink?: boolean } = {},
): Promise<RawLoadSummary> {
  const progress = createLoadProgress(label, files.length);
  try {
    return await loadRawFiles(warehouse, files, {
      datasetPrefix: options.datasetPrefix ?? ctx.config.datasetPrefix,
      quarantineDir: ctx.config.quarantineDir,
      dataDir: ctx.config.dataDir,
      kind: options.kind,
      allowShrink: options.allowShrink,
      maxFileBytes: ctx.config.limits.maxFileBytes,
      logger: ctx.logger,
      onFileDone: progress.onFileDone,
    });
  } finally {
    progress.stop();
  }
}

/** Every file of the shipped real data (NBA_PROPS_DATA_DIR) into nba_raw, through the raw loaders. */
export async function importShippedData(
  ctx: CommandContext,
  warehouse: Warehouse,
  options: { datasetPrefix?: string; allowShrink?: boolean } = {},
): Promise<RawLoadSummary> {
  if (!fs.existsSync(ctx.config.dataDir)) {
    throw new Error(`data directory ${ctx.config.dataDir} does not exist (set NBA_PROPS_DATA_DIR)`);
  }
  return loadFilesWithProgress(ctx, warehouse, "import", listDataFiles(ctx.config.dataDir), options);
}
