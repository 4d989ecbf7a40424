import type { Command } from "commander";
import { addFlowFlags, type FlowFlags } from "../flow-flags.ts";

/**
 * The main job (`npm start`): the flow over the project's whole window (dataform.json vars): load the shipped data,
 * then every phase through the bus (phase 3, phase 4, predictions, grading). Rerunning is safe: unchanged files are
 * skipped and a phase whose inputs did not change is not triggered.
 */
export function registerPipelineCommand(program: Command): void {
  addFlowFlags(
    program
      .command("pipeline")
      .description("the main job: load the shipped data, then every phase over the whole window, through the bus"),
  ).action(async (flags: FlowFlags) =>
    (await import("../run-flow-command.ts")).runFlowCommand("pipeline", "project-default", flags),
  );
}
