import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { compileProject } from "../ts/engine/compile.ts";
import { type Figure, medianMs, progress, ratio, repeat } from "./measure.ts";

const run = promisify(execFile);

/** This project's compile (core in a worker thread) against the stock `dataform compile` CLI on the same repo. */
export async function compileFigures(repo: string, runs: number): Promise<Figure[]> {
  progress("compile");
  const ours = await repeat(runs, () => compileProject({ projectDir: repo }));
  const cli = path.join(repo, "node_modules", ".bin", "dataform");
  const stock = await repeat(runs, () => run(cli, ["compile", "--json"], { cwd: repo, maxBuffer: 256 * 2 ** 20 }));
  const actions = ours.value.tables.length + ours.value.assertions.length + ours.value.operations.length;
  return [
    {
      group: "compile",
      name: "compile: nba-props (Dataform core in a worker thread)",
      runs: ours.samples,
      note: `${actions} actions`,
      extra: { actions },
    },
    {
      group: "compile",
      name: "compile: stock `dataform compile --json`",
      runs: stock.samples,
      note: "a child process, as users run it",
      extra: { ratio_to_nba_props: ratio(medianMs(stock.samples), medianMs(ours.samples)) },
    },
  ];
}
