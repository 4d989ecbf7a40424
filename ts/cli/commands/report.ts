import type { Command } from "commander";
import { datasetPrefixOption } from "../dataset-prefix-option.ts";
import { commandOutput } from "../output.ts";

interface ReportFlags {
  project: string;
  out?: string;
  datasetPrefix?: string;
  json?: boolean;
}

/** `nba-props report`: the HTML report of the warehouse, local DuckDB or BigQuery (run history, assertions, data, each phase). */
export function registerReportCommand(program: Command): void {
  datasetPrefixOption(
    program
      .command("report")
      .description("write the HTML report of the warehouse (one self-contained file) and print its path")
      .option("--project <dir>", "project directory", process.cwd())
      .option("--out <file>", "where to write it (default: NBA_PROPS_HOME/report.html)")
      .option("--json", "print { ok, file } as JSON"),
    "report on <prefix>nba_* datasets",
  ).action(async (flags: ReportFlags) => {
    const { createContext } = await import("../context.ts");
    const { openWarehouse } = await import("../open-warehouse.ts");
    const { writeAndPrintReport } = await import("../write-report.ts");
    const out = commandOutput(flags.json);
    const ctx = createContext(flags.project);
    const warehouse = await openWarehouse(ctx.config);
    try {
      const file = await writeAndPrintReport(ctx, warehouse, {
        outFile: flags.out,
        datasetPrefix: flags.datasetPrefix,
        write: out.text,
      });
      out.result({ ok: true, file });
    } finally {
      await warehouse.close();
    }
  });
}
