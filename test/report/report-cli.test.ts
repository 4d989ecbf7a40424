import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../../ts/cli/context.ts";
import { writeAndPrintReport } from "../../ts/cli/write-report.ts";
import type { Warehouse } from "../../ts/engine/warehouse.ts";
import { type FixtureWarehouse, fixtureWarehouse } from "./fixture-warehouse.ts";

const run = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, "../..");

describe("nba-props report (the CLI, as the end of npm start calls it)", () => {
  let fixture: FixtureWarehouse;
  beforeAll(async () => {
    fixture = await fixtureWarehouse("phase3Only");
    await fixture.warehouse.close(); // the CLI opens the file itself
  });
  afterAll(() => fs.rmSync(fixture.dir, { recursive: true, force: true }));

  it("writes the file and prints its path and sections", async () => {
    const out = path.join(fixture.dir, "nested", "r.html");
    const { stdout } = await run(
      process.execPath,
      [path.join(REPO, "bin/nba-props.js"), "report", "--project", REPO, "--out", out],
      {
        env: { ...process.env, NBA_PROPS_WAREHOUSE: path.join(fixture.dir, "w.duckdb"), NBA_PROPS_DATASET_PREFIX: "" },
      },
    );
    expect(stdout.trim()).toBe(`report (run-history, assertions, data, trace): ${out}`);
    expect(fs.readFileSync(out, "utf8")).toContain('<section id="assertions"');
  });

  it("refuses a dataset prefix that is not a plain identifier before touching the warehouse", async () => {
    const untouched = new Proxy({} as Warehouse, {
      get: () => {
        throw new Error("the warehouse must not be used");
      },
    });
    await expect(
      writeAndPrintReport(createContext(REPO), untouched, {
        datasetPrefix: 'x"; DROP',
        outFile: path.join(fixture.dir, "x.html"),
      }),
    ).rejects.toThrow("is not a valid dataset prefix");
  });
});
