import { describe, expect, it } from "vitest";
import { formatType } from "../../ts/check/bigquery-types.ts";
import { declarationColumns } from "../../ts/check/catalog.ts";
import { compileProject } from "../../ts/engine/compile.ts";
import { assertionLogTable, runHistoryTable } from "../../ts/engine/processing-tables.ts";
import { REPO } from "../analytics/fixture.ts";

describe("the runner's own tables", () => {
  it("are created with exactly the columns and types definitions/processing declares", async () => {
    const graph = await compileProject({ projectDir: REPO });
    for (const spec of [runHistoryTable("nba_processing"), assertionLogTable("nba_processing")]) {
      const declared = graph.declarations.find(
        (d) => d.target.schema === "nba_processing" && d.target.name === spec.name,
      );
      expect(declared, spec.name).toBeDefined();
      const columns = declarationColumns(declared!).map((c) => `${c.name} ${formatType(c.type)}`);
      expect(
        spec.columns.map((c) => `${c.name} ${c.type}`),
        spec.name,
      ).toEqual(columns);
    }
  });
});
