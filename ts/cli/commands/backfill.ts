import type { Command } from "commander";
import { addFlowFlags, type FlowFlags } from "../flow-flags.ts";

/** A date range, set-based: one run per phase over the whole range (never one run per date). */
export function registerBackfillCommand(program: Command): void {
  addFlowFlags(
    program
      .command("backfill")
      .description("run every phase over a date range, one set-based run per phase")
      .requiredOption("--from <YYYY-MM-DD>", "first game date")
      .requiredOption("--to <YYYY-MM-DD>", "last game date"),
  ).action(async (flags: FlowFlags & { from: string; to: string }) =>
    (await import("../run-flow-command.ts")).runFlowCommand("backfill", { start: flags.from, end: flags.to }, flags),
  );
}
