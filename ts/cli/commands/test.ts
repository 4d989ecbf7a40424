import type { Command } from "commander";
import { addCompileFlags, type CompileFlagValues, compileOptionsFrom } from "../compile-flags.ts";
import { commandOutput } from "../output.ts";

export function registerTestCommand(program: Command): void {
  addCompileFlags(
    program.command("test").description("run the project's Dataform unit tests and incremental-table tests"),
  )
    .option("--json", "print every test's result as JSON")
    .action(async (flags: CompileFlagValues & { json?: boolean }) => {
      const { runUnitTests } = await import("../../engine/unit-tests.ts");
      const { createContext } = await import("../context.ts");
      const { formatDuration, textTable } = await import("../render.ts");
      const out = commandOutput(flags.json);
      const ctx = createContext(flags.project);
      const results = await runUnitTests(compileOptionsFrom(flags, ctx.projectDir));
      if (results.length === 0) {
        throw new Error(
          `test: ${ctx.projectDir} has no unit test (type "test" actions) and no *.incremental-test.json file: nothing to run`,
        );
      }
      const rows = results.map((r) => [
        r.kind,
        r.name,
        r.ok ? "passed" : "FAILED",
        formatDuration(r.durationMs),
        r.file,
      ]);
      out.text(`${textTable(["kind", "test", "result", "time", "file"], rows)}\n`);
      for (const r of results.filter((x) => !x.ok)) out.text(`\nFAILED ${r.name} (${r.file}):\n${r.message}\n`);
      const failed = results.filter((r) => !r.ok).length;
      out.text(`\n${results.length - failed} passed, ${failed} failed\n`);
      out.result({ ok: failed === 0, passed: results.length - failed, failed, tests: results });
      if (failed > 0) process.exitCode = 1;
    });
}
