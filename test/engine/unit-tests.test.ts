import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runUnitTests } from "../../ts/engine/unit-tests.ts";
import { copyProject, FIXTURE } from "./helpers.ts";

describe("unit tests", () => {
  it("runs Dataform tests and incremental-table tests of the fixture, and both pass", async () => {
    const results = await runUnitTests({ projectDir: FIXTURE });
    expect(results.map((r) => [r.kind, r.name, r.ok, r.message])).toEqual([
      ["dataform", "test_events_clean", true, undefined],
      ["incremental", "player_totals", true, undefined],
    ]);
  });

  it("reports a wrong expectation with a readable row diff", async () => {
    const dir = copyProject();
    const dfTest = path.join(dir, "definitions/test_events_clean.sqlx");
    fs.writeFileSync(dfTest, fs.readFileSync(dfTest, "utf8").replace("5 AS points, 1 AS seq", "6 AS points, 1 AS seq"));
    const incTest = path.join(dir, "definitions/player_totals.incremental-test.json");
    const spec = JSON.parse(fs.readFileSync(incTest, "utf8"));
    spec.expect.afterMerge = spec.expect.afterMerge.replace(", 9, 'old'", ", 8, 'old'");
    fs.writeFileSync(incTest, JSON.stringify(spec));
    const [dataform, incremental] = await runUnitTests({ projectDir: dir });
    expect(dataform!.ok).toBe(false);
    expect(dataform!.message).toContain(
      `- expected, missing: {"player_id":"p1","game_date":"2024-01-01","points":6,"seq":1}`,
    );
    expect(dataform!.message).toContain(
      `+ unexpected:        {"player_id":"p1","game_date":"2024-01-01","points":5,"seq":1}`,
    );
    expect(incremental!.ok).toBe(false);
    expect(incremental!.message).toMatch(/table after the incremental run differs:\n.*missing.*"points":8/);
  });

  it("rejects a malformed incremental test file with the file and field", async () => {
    const dir = copyProject();
    fs.writeFileSync(
      path.join(dir, "definitions/bad.incremental-test.json"),
      JSON.stringify({ action: "player_totals", inputs: {}, expect: {} }),
    );
    const results = await runUnitTests({ projectDir: dir });
    const bad = results.find((r) => r.file === "definitions/bad.incremental-test.json")!;
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/expect: expect needs at least one/);
  });
});
