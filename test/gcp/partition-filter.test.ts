import { describe, expect, it } from "vitest";
import { compileProject } from "../../ts/engine/compile.ts";
import { REPO } from "../analytics/fixture.ts";

const MERGE_MODELS = [
  "player_game_summary",
  "team_offense_game_summary",
  "team_defense_game_summary",
  "upcoming_team_game_context",
];

async function filters(vars: Record<string, string>): Promise<Record<string, string | undefined>> {
  const graph = await compileProject({ projectDir: REPO, vars });
  return Object.fromEntries(
    graph.tables
      .filter((t) => MERGE_MODELS.includes(t.target.name))
      .map((t) => [t.target.name, t.bigquery?.updatePartitionFilter || undefined]),
  );
}

describe("updatePartitionFilter on the MERGE models", () => {
  it("limits a backfill's MERGE to the window's partitions", async () => {
    const expected = "game_date BETWEEN DATE '2024-01-01' AND DATE '2024-01-31'";
    expect(await filters({ engine: "bigquery", start_date: "2024-01-01", end_date: "2024-01-31" })).toEqual(
      Object.fromEntries(MERGE_MODELS.map((m) => [m, expected])),
    );
  });

  it("sets none on a scheduled run without vars (the derived window cannot prune a MERGE safely)", async () => {
    expect(await filters({ engine: "bigquery", window: "derived" })).toEqual(
      Object.fromEntries(MERGE_MODELS.map((m) => [m, undefined])),
    );
  });

  it("rejects an unknown window mode", async () => {
    await expect(compileProject({ projectDir: REPO, vars: { engine: "bigquery", window: "latest" } })).rejects.toThrow(
      /vars.window must be "derived" or "vars"/,
    );
  });
});
