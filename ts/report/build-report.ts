import fs from "node:fs";
import path from "node:path";
import type { Warehouse } from "../engine/warehouse.ts";
import { Catalog } from "./catalog.ts";
import { type PageSection, renderPage } from "./html.ts";
import type { Section } from "./section.ts";
import { assertionsSection } from "./sections/assertions.ts";
import { dataSection } from "./sections/data.ts";
import { predictionsSection } from "./sections/predictions.ts";
import { reprocessingSection } from "./sections/reprocessing.ts";
import { runHistorySection } from "./sections/run-history.ts";
import { traceSection } from "./sections/trace.ts";

/** The sections in page order. A new phase's section joins here with one line. */
export const SECTIONS: Section[] = [
  runHistorySection,
  assertionsSection,
  dataSection,
  reprocessingSection,
  predictionsSection,
  traceSection,
];

export interface ReportOptions {
  /** Where to write the HTML file (directories are created). */
  outFile: string;
  datasetPrefix?: string;
  /** Shown under the title, e.g. the warehouse path. */
  source?: string;
  now?: Date;
}

export interface ReportResult {
  file: string;
  sections: string[];
}

/** Writes the report: one self-contained HTML file with the sections whose tables exist. */
export async function writeReport(warehouse: Warehouse, options: ReportOptions): Promise<ReportResult> {
  const catalog = await Catalog.read(warehouse, options.datasetPrefix ?? "");
  const rendered: PageSection[] = [];
  for (const section of SECTIONS) {
    if (!section.present(catalog)) continue;
    rendered.push({ id: section.id, title: section.title, html: await section.render({ warehouse, catalog }) });
  }
  const now = (options.now ?? new Date()).toISOString().slice(0, 16).replace("T", " ");
  const meta = `Written ${now} UTC${options.source ? ` from ${options.source}` : ""}${options.datasetPrefix ? ` (dataset prefix ${options.datasetPrefix})` : ""}.`;
  const file = path.resolve(options.outFile);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, renderPage("nba-props report", meta, rendered));
  return { file, sections: rendered.map((s) => s.id) };
}
