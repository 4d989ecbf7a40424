import type { Command } from "commander";
import { addCompileFlags, type CompileFlagValues } from "./compile-flags.ts";
import { datasetPrefixOption } from "./dataset-prefix-option.ts";

export type FlowFlags = CompileFlagValues & { fullRefresh?: boolean; datasetPrefix?: string; json?: boolean };

/** The flags `pipeline`, `daily` and `backfill` share. */
export function addFlowFlags(command: Command): Command {
  return datasetPrefixOption(addCompileFlags(command), "prefix every dataset to replay in isolation, e.g. test_")
    .option("--full-refresh", "rebuild incremental tables from scratch (except protected ones) and run every phase")
    .option("--json", "print the result (load, flow report, report file) as one JSON object on stdout");
}
