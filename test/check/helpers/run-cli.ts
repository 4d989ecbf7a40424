// Test helper: the check command on a fresh commander program, as the lead wires it into ts/cli/main.ts.
import { Command } from "commander";
import { registerCheckCommand } from "../../../ts/cli/commands/check.ts";

const program = new Command("nba-props");
registerCheckCommand(program);
await program.parseAsync(process.argv);
