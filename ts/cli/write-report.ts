import path from "node:path";
import { validDatasetPrefix } from "../config/dataset-prefix.ts";
import type { Warehouse } from "../engine/warehouse.ts";
import { writeReport } from "../report/build-report.ts";
import type { CommandContext } from "./context.ts";

/** Writes the report next to the warehouse (or to outFile) and prints where: the last step of the main job too. */
export async function writeAndPrintReport(
  ctx: CommandContext,
  warehouse: Warehouse,
  options: { outFile?: string; datasetPrefix?: string; write?: (text: string) => void } = {},
): Promise<string> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const prefix = options.datasetPrefix ?? ctx.config.datasetPrefix;
  validDatasetPrefix(prefix, "--dataset-prefix");
  const outFile = path.resolve(ctx.projectDir, options.outFile ?? path.join(ctx.config.homeDir, "report.html"));
  const source =
    warehouse.engine === "bigquery" ? `BigQuery project ${ctx.config.gcp.project}` : ctx.config.warehousePath;
  const result = await writeReport(warehouse, { outFile, datasetPrefix: prefix, source });
  write(`report (${result.sections.join(", ")}): ${result.file}\n`);
  return result.file;
}
