import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { LOG_FORMATS } from "../config/log-format.ts";
import { registerBackfillCommand } from "./commands/backfill.ts";
import { createRedactor } from "../config/redact.ts";
import { registerCheckCommand } from "./commands/check.ts";
import { registerCompileCommand } from "./commands/compile.ts";
import { registerDailyCommand } from "./commands/daily.ts";
import { registerDeployCommand } from "./commands/deploy.ts";
import { registerEvaluateCommand } from "./commands/evaluate.ts";
import { registerImportCommand } from "./commands/import.ts";
import { registerLoadCommand } from "./commands/load.ts";
import { registerPipelineCommand } from "./commands/pipeline.ts";
import { registerPredictCommand } from "./commands/predict.ts";
import { registerReportCommand } from "./commands/report.ts";
import { registerRunCommand } from "./commands/run.ts";
import { registerScrapeCommand } from "./commands/scrape.ts";
import { registerTestCommand } from "./commands/test.ts";
import { registerUnloadCommand } from "./commands/unload.ts";
import { registerTrainCommand } from "./commands/train.ts";
import { loaderSinkForScrape } from "./scrape-sink.ts";

/** The nba-props CLI: a thin shell over the library functions in ts/. */
export function buildProgram(): Command {
  const program = new Command()
    .name("nba-props")
    .description("NBA player-prop analytics as Dataform SQLX, run locally on DuckDB or on BigQuery")
    .version(packageVersion(), "-V, --version", "print the nba-props version")
    .addOption(
      new Option("--log-format <format>", "logs on stderr: readable lines or one JSON object per line (default: NBA_PROPS_LOG_FORMAT, else pretty)").choices(LOG_FORMATS),
    )
    .hook("preAction", (command) => {
      const format = command.opts<{ logFormat?: string }>().logFormat;
      if (format !== undefined) process.env.NBA_PROPS_LOG_FORMAT = format;
    })
    .showHelpAfterError();
  registerPipelineCommand(program);
  registerDailyCommand(program);
  registerBackfillCommand(program);
  registerCompileCommand(program);
  registerRunCommand(program);
  registerTestCommand(program);
  registerCheckCommand(program);
  registerImportCommand(program);
  registerLoadCommand(program);
  registerUnloadCommand(program);
  registerScrapeCommand(program, { sinkFactory: loaderSinkForScrape });
  registerTrainCommand(program);
  registerPredictCommand(program);
  registerEvaluateCommand(program);
  registerReportCommand(program);
  registerDeployCommand(program);
  return program;
}

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  process.stderr.write(createRedactor([process.env.ODDS_API_KEY])(`nba-props: ${(error as Error).message}\n`));
  process.exitCode = process.exitCode || 1;
}
