import cliProgress from "cli-progress";
import type { FileLoadResult } from "./load-raw.ts";

/** A per-file progress bar on stderr, only when stderr is a terminal (logs and pipes stay clean). */
export function createLoadProgress(
  label: string,
  total: number,
): { onFileDone: (r: FileLoadResult) => void; stop: () => void } {
  if (!process.stderr.isTTY || total === 0) return { onFileDone: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} |{bar}| {value}/{total} files | {file}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { file: "" });
  return { onFileDone: (r) => bar.increment(1, { file: r.sourceFile }), stop: () => bar.stop() };
}
