import path from "node:path";
import { describe, expect, it } from "vitest";
import { zetasqlPackageDir } from "../../ts/check/analyzer-process.ts";
import { fixture } from "./helpers/fixtures.ts";
import { collect, spawnTs, waitUntilGone } from "./helpers/processes.ts";

const CLI = path.join(import.meta.dirname, "helpers", "run-cli.ts");
const quiet = { ...process.env, NBA_PROPS_LOG_LEVEL: "info", NBA_PROPS_LOG_FORMAT: "json" };

function analyzerPid(stderr: string): number {
  const line = stderr.split("\n").find((l) => l.includes("ZetaSQL analyzer started"));
  expect(line, stderr).toBeDefined();
  return (JSON.parse(line!) as { analyzerPid: number }).analyzerPid;
}

describe("nba-props check", () => {
  it("exits 0 on a clean project and prints the summary; the analyzer is gone afterwards", async () => {
    const run = await collect(spawnTs(CLI, ["check", "--project", fixture("clean")], quiet));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /✓ BigQuery check passed\n {2}actions analysed: 7, statements analysed: 13 .*\n {2}time: /,
    );
    expect(await waitUntilGone(analyzerPid(run.stderr))).toBe(true);
  });

  it("exits 1 on failures, naming action, file, line/column and the analyzer's message", async () => {
    const run = await collect(spawnTs(CLI, ["check", "--project", fixture("errors")], quiet));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "✗ definitions/models/unknown_column.sqlx:5:3  nba-props-prod.nba_analytics.unknown_column [table] query (compiled 5:3)\n    Unrecognized name: rebounds",
    );
    expect(run.stdout).toContain("✗ BigQuery check failed: 7 failure(s), 1 action(s) not analysed (upstream failed)");
    expect(await waitUntilGone(analyzerPid(run.stderr))).toBe(true);
  });

  it("--json prints the structured result", async () => {
    const run = await collect(spawnTs(CLI, ["check", "--project", fixture("errors"), "--json"], quiet));
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as {
      ok: boolean;
      failures: { file: string; message: string }[];
      statementsAnalysed: number;
    };
    expect(result.ok).toBe(false);
    expect(result.failures.find((f) => f.file === "definitions/models/wrong_arity.sqlx")?.message).toMatch(
      /SAFE_DIVIDE/,
    );
  });

  it("says clearly when the analyzer binary cannot run on the platform, and exits 1", async () => {
    const mac = path.join(zetasqlPackageDir(), "lib", "zetasql", "remote_server");
    const run = await collect(
      spawnTs(CLI, ["check", "--project", fixture("clean")], { ...quiet, NBA_PROPS_ZETASQL_BINARY: mac }),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /✗ cannot run the BigQuery check: the ZetaSQL analyzer binary cannot run on this platform \(linux-x64\)/,
    );
    expect(run.stdout).toBe("");
  });
});
