import { describe, expect, it } from "vitest";
import { cutoffFor, cutoffsFor } from "../../ts/predictions/walk-forward.ts";

describe("walk-forward cut-offs", () => {
  it("a game is predicted by the model cut off at the first day of its month", () => {
    expect(cutoffFor("2024-11-30")).toBe("2024-11-01");
    expect(cutoffFor("2024-12-01")).toBe("2024-12-01");
  });

  it("one cut-off per month that has games: none for the off-season months between two seasons", () => {
    const dates = ["2024-06-17", "2024-04-14", "2024-10-22", "2024-04-30", "2024-11-02", "2024-10-31"];
    expect(cutoffsFor(dates)).toEqual(["2024-04-01", "2024-06-01", "2024-10-01", "2024-11-01"]);
    expect(cutoffsFor([])).toEqual([]);
  });
});
