import type { Command } from "commander";
import { runUnitTests } from "../../engine/unit-tests.ts";
import { addCompileFlags, compileOptionsFrom, type CompileFlagValues } from "../compile-flags.ts";
import { createContext } from "../context.ts";
import { formatDuration, textTable } from "../render.ts";

export function registerTestCommand(program: Command): void {
  addCompileFlags(program.command("test").description("run the project's Dataform unit tests and incremental-table tests"))
    .action(async (flags: CompileFlagValues) => {
      const ctx = createContext(flags.project);
      const results = await runUnitTests(compileOptionsFrom(flags, ctx.projectDir));
      const rows = results.map((r) => [r.kind, r.name, r.ok ? "passed" : "FAILED", formatDuration(r.durationMs), r.file]);
      process.stdout.write(`${textTable(["kind", "test", "result", "time", "file"], rows)}\n`);
      for (const r of results.filter((x) => !x.ok)) process.stdout.write(`\nFAILED ${r.name} (${r.file}):\n${r.message}\n`);
      const failed = results.filter((r) => !r.ok).length;
      process.stdout.write(`\n${results.length - failed} passed, ${failed} failed\n`);
      if (failed > 0) process.exitCode = 1;
    });
}
