import type { Command } from "commander";
import { addFlowFlags, runFlowCommand, type FlowFlags } from "../run-flow-command.ts";

/** A date range, set-based: one run per phase over the whole range (never one run per date). */
export function registerBackfillCommand(program: Command): void {
  addFlowFlags(
    program
      .command("backfill")
      .description("run every phase over a date range, one set-based run per phase")
      .requiredOption("--from <YYYY-MM-DD>", "first game date")
      .requiredOption("--to <YYYY-MM-DD>", "last game date"),
  ).action((flags: FlowFlags & { from: string; to: string }) => runFlowCommand("backfill", { start: flags.from, end: flags.to }, flags));
}
