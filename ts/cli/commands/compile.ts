import type { Command } from "commander";
import { addCompileFlags, type CompileFlagValues, compileOptionsFrom } from "../compile-flags.ts";

export function registerCompileCommand(program: Command): void {
  addCompileFlags(
    program.command("compile").description("compile the Dataform project (BigQuery SQL) with Dataform's own compiler"),
  )
    .option("--json", "print the compiled graph as JSON")
    .action(async (flags: CompileFlagValues & { json?: boolean }) => {
      const { buildActions } = await import("../../engine/actions.ts");
      const { compileProject } = await import("../../engine/compile.ts");
      const { createContext } = await import("../context.ts");
      const { formatDuration, textTable } = await import("../render.ts");
      const ctx = createContext(flags.project);
      const started = performance.now();
      const graph = await compileProject(compileOptionsFrom(flags, ctx.projectDir));
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(graph, null, 2)}\n`);
        return;
      }
      const actions = buildActions(graph);
      const rows = actions.map((a) => [a.name, a.type, a.tags.join(","), a.file]);
      process.stdout.write(`${textTable(["action", "type", "tags", "file"], rows)}\n\n`);
      process.stdout.write(
        `compiled ${actions.length} action(s) and ${graph.tests.length} test(s) in ${formatDuration(performance.now() - started)}\n`,
      );
    });
}
