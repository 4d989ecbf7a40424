import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../ts/engine/compile.ts";
import type { CompiledGraph } from "../../ts/engine/graph.ts";
import { RAW_TABLES } from "../../ts/raw/raw-tables.ts";

const PROJECT_DIR = path.resolve(import.meta.dirname, "../..");
const TYPES = ["STRING", "INT64", "FLOAT64", "NUMERIC", "BOOL", "DATE", "TIMESTAMP"];

describe("nba_raw declarations (definitions/sources)", () => {
  let graph: CompiledGraph;
  beforeAll(async () => {
    graph = await compileProject({ projectDir: PROJECT_DIR });
  });

  it("declares one table per file, each with a description and every column described and typed once", () => {
    const raw = graph.declarations.filter((d) => d.target.schema === "nba_raw");
    expect(raw.map((d) => d.target.name).sort()).toEqual([...RAW_TABLES.keys()].sort());
    for (const declaration of raw) {
      expect(declaration.fileName).toBe(`definitions/sources/${declaration.target.name}.js`);
      expect(declaration.actionDescriptor?.description?.length ?? 0).toBeGreaterThan(20);
      const columns = declaration.actionDescriptor?.columns ?? [];
      expect(columns.length).toBeGreaterThan(0);
      for (const column of columns) {
        expect(column.description, `${declaration.target.name}.${column.path.join(".")}`).not.toBe("");
        const typeTags = column.tags.filter((t) => t.startsWith("type:"));
        expect(typeTags, `${declaration.target.name}.${column.path.join(".")}`).toHaveLength(1);
        expect(TYPES).toContain(typeTags[0]!.slice("type:".length));
      }
    }
  });

  it("compiles to exactly the columns and types the loader creates", () => {
    for (const spec of RAW_TABLES.values()) {
      const declaration = graph.declarations.find((d) => d.target.schema === "nba_raw" && d.target.name === spec.name);
      const compiled = (declaration?.actionDescriptor?.columns ?? []).map(
        (c) => `${c.path.join(".")} ${c.tags.join(",")}`,
      );
      expect(compiled).toEqual(spec.columns.map((c) => `${c.name} type:${c.type}`));
    }
  });

  it("gives every data table its provenance columns", () => {
    for (const spec of RAW_TABLES.values()) {
      if (spec.name === "load_log") continue;
      const names = spec.columns.map((c) => `${c.name}:${c.type}`);
      expect(names).toEqual(
        expect.arrayContaining([
          "source_file:STRING",
          "source_line:INT64",
          "source_hash:STRING",
          "loaded_at:TIMESTAMP",
        ]),
      );
    }
    expect(fs.readdirSync(path.join(PROJECT_DIR, "definitions/sources")).sort()).toEqual(
      [...RAW_TABLES.keys()].map((t) => `${t}.js`).sort(),
    );
  });
});
