import { Command } from "commander";
import { registerCheckCommand } from "./commands/check.ts";
import { registerCompileCommand } from "./commands/compile.ts";
import { registerDeployCommand } from "./commands/deploy.ts";
import { registerImportCommand } from "./commands/import.ts";
import { registerLoadCommand } from "./commands/load.ts";
import { registerPipelineCommand } from "./commands/pipeline.ts";
import { registerRunCommand } from "./commands/run.ts";
import { registerScrapeCommand } from "./commands/scrape.ts";
import { registerTestCommand } from "./commands/test.ts";
import { loaderSinkForScrape } from "./scrape-sink.ts";

/** The nba-props CLI: a thin shell over the library functions in ts/. */
export function buildProgram(): Command {
  const program = new Command()
    .name("nba-props")
    .description("NBA player-prop analytics as Dataform SQLX, run locally on DuckDB or on BigQuery")
    .showHelpAfterError();
  registerPipelineCommand(program);
  registerCompileCommand(program);
  registerRunCommand(program);
  registerTestCommand(program);
  registerCheckCommand(program);
  registerImportCommand(program);
  registerLoadCommand(program);
  registerScrapeCommand(program, { sinkFactory: loaderSinkForScrape });
  registerDeployCommand(program);
  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`nba-props: ${(error as Error).message}\n`);
  process.exitCode = process.exitCode || 1;
}
