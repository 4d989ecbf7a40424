import type { Command } from "commander";

/** `nba-props check`: prove the compiled SQL is valid BigQuery with BigQuery's analyzer (docs/check.md). */
export function registerCheckCommand(program: Command): void {
  program
    .command("check")
    .description(
      "compile the project for BigQuery and analyse every statement with ZetaSQL (BigQuery's SQL front end), offline",
    )
    .option("--project <dir>", "Dataform project directory (default: current directory)")
    .option("--json", "print the result as JSON")
    .action(async (opts: { project?: string; json?: boolean }) => {
      const { createContext } = await import("../context.ts");
      const { AnalyzerUnavailableError } = await import("../../check/analyzer-process.ts");
      const { checkProject } = await import("../../check/check.ts");
      const { formatReport } = await import("../../check/report.ts");
      const { CompilationFailedError } = await import("../../engine/compile.ts");
      const ctx = createContext(opts.project);
      try {
        const result = await checkProject({
          projectDir: ctx.projectDir,
          logger: ctx.logger,
          hooks: {
            onAnalyzerStarted: (a) =>
              ctx.logger.info(
                { analyzerPid: a.pid, port: a.port, startMs: Math.round(a.startMs) },
                "ZetaSQL analyzer started",
              ),
          },
        });
        process.stdout.write(opts.json ? JSON.stringify(result, null, 2) + "\n" : formatReport(result));
        if (!result.ok) process.exitCode = 1;
      } catch (e) {
        process.exitCode = 1;
        if (e instanceof AnalyzerUnavailableError || e instanceof CompilationFailedError) {
          const message =
            e instanceof AnalyzerUnavailableError ? `cannot run the BigQuery check: ${e.message}` : e.message;
          if (opts.json) process.stdout.write(JSON.stringify({ ok: false, error: e.name, message }, null, 2) + "\n");
          else process.stderr.write(`✗ ${message}\n`);
          return;
        }
        throw e;
      }
    });
}
