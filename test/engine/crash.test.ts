import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { BASE_EVENTS, copyProject, seedEvents, tempDir } from "./helpers.ts";

const BIN = path.resolve(import.meta.dirname, "../../bin/nba-props.js");

function cli(args: string[], env: Record<string, string>, onStderrLine?: (line: string, kill: () => void) => void) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let buffer = "";
    child.stderr.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop()!;
      for (const line of lines) onStderrLine?.(line, () => child.kill("SIGKILL"));
    });
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
}

describe("a crash mid-run", () => {
  it("leaves the previous table intact, and a rerun resumes cleanly", async () => {
    const project = copyProject();
    fs.writeFileSync(
      path.join(project, "definitions/slow_counts.sqlx"),
      `config { type: "table" }
SELECT COUNT(*) AS n FROM UNNEST(GENERATE_ARRAY(1, \${dataform.projectConfig.vars.slow_n})) AS a
CROSS JOIN UNNEST(GENERATE_ARRAY(1, \${dataform.projectConfig.vars.slow_n})) AS b
CROSS JOIN UNNEST(GENERATE_ARRAY(1, \${dataform.projectConfig.vars.slow_n})) AS c\n`,
    );
    const file = path.join(tempDir(), "w.duckdb");
    const w = await DuckDbWarehouse.open(file);
    await seedEvents(w, BASE_EVENTS);
    await w.close();
    const env = { NBA_PROPS_WAREHOUSE: file, NBA_PROPS_LOG_LEVEL: "debug", NBA_PROPS_LOG_FORMAT: "json" };

    const first = await cli(["run", "--project", project, "--actions", "slow_counts", "--vars", "slow_n=2"], env);
    expect(first.code).toBe(0);

    let killedDuringAction = false;
    const crashed = await cli(
      ["run", "--project", project, "--actions", "slow_counts", "--vars", "slow_n=4000"],
      env,
      (line, kill) => {
        if (line.includes('"action started"') && line.includes("slow_counts")) {
          killedDuringAction = true;
          setTimeout(kill, 500);
        }
      },
    );
    expect(killedDuringAction).toBe(true);
    expect(crashed.signal).toBe("SIGKILL");

    const after = await DuckDbWarehouse.open(file);
    expect(await after.query(`SELECT n FROM fx_analytics.slow_counts`)).toEqual([{ n: 8 }]);
    await after.close();

    const rerun = await cli(["run", "--project", project, "--actions", "slow_counts", "--vars", "slow_n=3"], env);
    expect(rerun.code).toBe(0);
    const resumed = await DuckDbWarehouse.open(file);
    expect(await resumed.query(`SELECT n FROM fx_analytics.slow_counts`)).toEqual([{ n: 27 }]);
    await resumed.close();
  }, 240_000); // three CLI runs, each compiling and analysing before it starts
});
