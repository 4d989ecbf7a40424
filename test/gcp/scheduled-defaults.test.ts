import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileProject } from "../../ts/engine/compile.ts";
import { REPO } from "../analytics/fixture.ts";

/**
 * A scheduled run (window=derived, no dates) must not be bounded by the default start_date/end_date of
 * dataform.json: a release running after the default end_date would silently drop every newer game.
 */
const defaults = JSON.parse(fs.readFileSync(path.join(REPO, "dataform.json"), "utf8")).vars as Record<string, string>;

async function statementsByAction(vars: Record<string, string>): Promise<Map<string, string>> {
  const graph = await compileProject({ projectDir: REPO, vars: { engine: "bigquery", ...vars } });
  return new Map(
    graph.tables
      .filter((t) => t.tags.some((tag) => ["phase3", "phase4", "grading"].includes(tag)))
      .map((t) => [
        t.target.name,
        [t.query, t.incrementalQuery, ...t.preOps, ...t.postOps, ...t.incrementalPreOps, ...t.incrementalPostOps].join(
          "\n",
        ),
      ]),
  );
}

describe("scheduled runs ignore the default window of dataform.json", () => {
  it("no phase 3, phase 4 or grading statement names the default dates without vars", async () => {
    const sql = await statementsByAction({ window: "derived" });
    expect(sql.size).toBeGreaterThan(10);
    const bounded = [...sql].filter(([, s]) => s.includes(defaults.start_date!) || s.includes(defaults.end_date!));
    expect(bounded.map(([name]) => name)).toEqual([]);
  });

  it("a backfill's vars still bound the phase 4 inputs, including the team windows' year of history", async () => {
    const sql = await statementsByAction({ start_date: "2024-01-01", end_date: "2024-01-31" });
    expect(sql.get("player_daily_cache")).toContain("DATE '2024-01-31'");
    expect(sql.get("player_daily_cache")).toMatch(/DATE_SUB\(DATE '2024-01-01', INTERVAL 400 DAY\)/);
  });
});
