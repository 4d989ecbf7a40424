import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeReport } from "../../ts/report/build-report.ts";
import { seasonOf, shortLabel, weekOf } from "../../ts/report/format.ts";
import { sampleKeys } from "../../ts/report/sections/assertions.ts";
import { combineDays } from "../../ts/report/sections/predictions.ts";
import { type FixtureWarehouse, fixtureWarehouse } from "./fixture-warehouse.ts";

describe("report on a warehouse with phase 3 only", () => {
  let fixture: FixtureWarehouse;
  let html: string;
  let sections: string[];

  beforeAll(async () => {
    fixture = await fixtureWarehouse("phase3Only");
    const result = await writeReport(fixture.warehouse, { outFile: path.join(fixture.dir, "out", "report.html") });
    sections = result.sections;
    html = fs.readFileSync(result.file, "utf8");
  });
  afterAll(async () => fixture?.cleanup());

  it("renders the sections whose tables exist and leaves the later phases out entirely", () => {
    // Run history carries the flow's correlation id column since orchestration landed, so the trace section is there.
    expect(sections).toEqual(["run-history", "assertions", "data", "trace"]);
    for (const absent of ["smart-reprocessing", "predictions", "precompute-failures"])
      expect(html).not.toContain(`"${absent}"`);
    expect(html).not.toContain("Precompute failures");
  });

  it("labels runs by their first action's start and failures by their own time, in UTC", () => {
    // run-one starts with player_game_summary at 2024-01-10T10:00:00Z, run-two at 2024-01-11T10:00:00Z; the failed
    // action and the failed assertion of run-two started at 10:00:00 and 10:00:05.
    expect(html).toContain("<td>2024-01-10 10:00:00</td>");
    expect(html).toContain("<td>2024-01-11 10:00:00</td>");
    expect(html).toMatch(/<tr><td>2024-01-11 10:00<\/td><td>nba_analytics\.player_game_summary<\/td><td>failed<\/td>/);
    expect(html).toMatch(/<tr><td>2024-01-11 10:00<\/td><td>nba_assertions\.player_game_summary_data_hash_valid<\/td>/);
  });

  it("counts rows per season with the 1 July boundary, and undated tables apart", () => {
    // player_game_summary: 2023-06-30 is 2022-23; 2023-07-01 and two 2023-11-02 rows are 2023-24.
    expect(html).toMatch(
      /<td>nba_analytics\.player_game_summary<\/td><td class="num">1<\/td><td class="num">3<\/td><td class="num">–?0?<\/td><td class="num">4<\/td>/,
    );
    expect(html).toMatch(
      /<td>nba_raw\.team_crosswalk<\/td>(<td class="num">0<\/td>)+<td class="num">2<\/td><td class="num">2<\/td>/,
    );
  });

  it("computes coverage per source over the dated rows", () => {
    // points line: 1 of 3 player-games (NULL is not a line); shot zones: 2 of 4.
    expect(html).toMatch(
      /<td>points line<\/td><td class="num">2<\/td><td class="num">1<\/td><td class="num">33\.3%<\/td>/,
    );
    expect(html).toMatch(
      /<td>shot zones<\/td><td class="num">3<\/td><td class="num">2<\/td><td class="num">50\.0%<\/td>/,
    );
  });
});

describe("report helpers", () => {
  it("seasons turn on 1 July; weeks start on Monday", () => {
    expect(seasonOf(2023, 6)).toBe("2022-23");
    expect(seasonOf(2023, 7)).toBe("2023-24");
    expect(seasonOf(1999, 10)).toBe("1999-00");
    expect(weekOf("2024-01-14")).toBe("2024-01-08");
    expect(weekOf("2024-01-15")).toBe("2024-01-15");
  });

  it("combines days by weighting errors by their rows and summing wins and bets", () => {
    const day = {
      system: "s",
      market: "m",
      d: "2024-01-10",
      lined: 0,
      lined_mae: null,
      line_mae: null,
      line_bias: null,
      under_bets: 0,
      under_wins: 0,
    };
    const f = combineDays([
      { ...day, predictions: 10, mae: 2, bias: 1, bets: 4, wins: 3 },
      { ...day, predictions: 30, mae: 6, bias: -1, bets: 6, wins: 3 },
    ]);
    expect(f.mae).toBeCloseTo(5, 10); // (2*10 + 6*30) / 40
    expect(f.bias).toBeCloseTo(-0.5, 10);
    expect(f.bets).toBe(10);
    expect(f.hitRate).toBeCloseTo(0.6, 10); // (3 + 3) / 10
    expect(f.lineMae).toBeNull();
    expect(f.underHitRate).toBeNull();
  });

  it("shows sample keys of a failure and shortens long names from the middle", () => {
    expect(sampleKeys('[{"a":1,"b":null},{"a":2,"b":"x"}]')).toBe("a=1, b=NULL; a=2, b=x");
    expect(sampleKeys(null)).toBe("");
    expect(shortLabel("nba_assertions.nba_analytics_team_offense_game_summary_assertions_rowConditions")).toBe(
      "nba_analytics_team_offense_g…ary · rowConditions",
    ); // 28 + … + the last 19
    expect(shortLabel("nba_analytics.game_dim")).toBe("nba_analytics.game_dim");
  });
});
