import { Command } from "commander";
import { registerCompileCommand } from "./commands/compile.ts";
import { registerRunCommand } from "./commands/run.ts";
import { registerTestCommand } from "./commands/test.ts";

/** The nba-props CLI: a thin shell over the library functions in ts/. */
export function buildProgram(): Command {
  const program = new Command()
    .name("nba-props")
    .description("NBA player-prop analytics as Dataform SQLX, run locally on DuckDB or on BigQuery")
    .showHelpAfterError();
  registerCompileCommand(program);
  registerRunCommand(program);
  registerTestCommand(program);
  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`nba-props: ${(error as Error).message}\n`);
  process.exitCode = process.exitCode || 1;
}
