import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { LOG_FORMATS } from "../config/log-format.ts";
import { createRedactor } from "../config/redact.ts";
import { registerBackfillCommand } from "./commands/backfill.ts";
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
import { registerTrainCommand } from "./commands/train.ts";
import { registerUnloadCommand } from "./commands/unload.ts";
import { errorJson, jsonRequested } from "./output.ts";

/**
 * The nba-props CLI: a thin shell over the library functions in ts/. Registering a command costs only its options:
 * every action imports its implementation when it runs, so `--help` never loads DuckDB, Dataform or the models.
 */
export function buildProgram(options: { json?: boolean } = {}): Command {
  const program = new Command()
    .name("nba-props")
    .description("NBA player-prop analytics as Dataform SQLX, run locally on DuckDB or on BigQuery")
    .version(packageVersion(), "-V, --version", "print the nba-props version")
    .addOption(
      new Option(
        "--log-format <format>",
        "logs on stderr: readable lines or one JSON object per line (default: NBA_PROPS_LOG_FORMAT, else pretty)",
      ).choices(LOG_FORMATS),
    )
    .hook("preAction", (command) => {
      const format = command.opts<{ logFormat?: string }>().logFormat;
      if (format !== undefined) process.env.NBA_PROPS_LOG_FORMAT = format;
    })
    // Usage errors surface as exceptions (so --json can report them as JSON); under --json commander prints nothing.
    .exitOverride()
    .configureOutput({ writeErr: (text) => (options.json ? undefined : process.stderr.write(text)) })
    .showHelpAfterError(!options.json);
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
  registerScrapeCommand(program, {
    sinkFactory: async (ctx, archive) => (await import("./scrape-sink.ts")).loaderSinkForScrape(ctx, archive),
  });
  registerTrainCommand(program);
  registerPredictCommand(program);
  registerEvaluateCommand(program);
  registerReportCommand(program);
  registerDeployCommand(program);
  return program;
}

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return manifest.version;
}

/** A command line commander refused (unknown option, invalid value, missing argument). */
class UsageError extends Error {
  override name = "UsageError";
}

const json = jsonRequested(process.argv.slice(2));
try {
  await buildProgram({ json }).parseAsync(process.argv);
} catch (error) {
  const redact = createRedactor([process.env.ODDS_API_KEY]);
  if (error instanceof CommanderError) {
    // --help and --version end here with exit code 0; a usage error was already printed (unless --json).
    process.exitCode = error.exitCode;
    if (json && error.exitCode !== 0)
      process.stdout.write(redact(errorJson(new UsageError(error.message.replace(/^error: /, "")))));
  } else {
    process.exitCode = process.exitCode || 1;
    if (json) process.stdout.write(redact(errorJson(error)));
    else process.stderr.write(redact(`nba-props: ${(error as Error).message}\n`));
  }
}
