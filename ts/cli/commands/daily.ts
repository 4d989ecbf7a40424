import type { Command } from "commander";
import { addFlowFlags, type FlowFlags } from "../flow-flags.ts";

/** One game date through the whole chain (raw load → phase 3 → … → grading), one correlation id end to end. */
export function registerDailyCommand(program: Command): void {
  addFlowFlags(
    program
      .command("daily")
      .description("run every phase for one game date through the bus")
      .requiredOption("--date <YYYY-MM-DD>", "the game date"),
  ).action(async (flags: FlowFlags & { date: string }) =>
    (await import("../run-flow-command.ts")).runFlowCommand("daily", { start: flags.date, end: flags.date }, flags),
  );
}
