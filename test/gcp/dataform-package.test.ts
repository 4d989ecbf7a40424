import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileProject } from "../../ts/engine/compile.ts";
import { writeDataformPackage } from "../../ts/gcp/dataform-package.ts";
import { REPO } from "../analytics/fixture.ts";

const out = fs.mkdtempSync(path.join(os.tmpdir(), "nbap-release-"));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const actionNames = (g: Awaited<ReturnType<typeof compileProject>>) =>
  [...g.tables, ...g.assertions, ...g.operations, ...g.declarations]
    .map((a) => `${a.target.schema}.${a.target.name}`)
    .sort();

describe("the Dataform-only release tree", () => {
  it("holds the Dataform sources and a package.json whose only dependency is the pinned @dataform/core, and compiles to the same graph", async () => {
    const files = writeDataformPackage(REPO, out);
    const pkg = JSON.parse(fs.readFileSync(path.join(out, "package.json"), "utf8"));
    const rootPkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
    expect(pkg.dependencies).toEqual({ "@dataform/core": rootPkg.dependencies["@dataform/core"] });
    expect(pkg.devDependencies).toBeUndefined();
    expect(pkg.scripts).toBeUndefined();
    expect(
      files.filter((f) => !/^(dataform\.json|package\.json|(definitions|includes|assertions)\/.+)$/.test(f)),
    ).toEqual([]);
    expect(files).toContain("definitions/analytics/player_game_summary.sqlx");
    const [fromRelease, fromRepo] = await Promise.all([
      compileProject({ projectDir: out }),
      compileProject({ projectDir: REPO }),
    ]);
    expect(actionNames(fromRelease)).toEqual(actionNames(fromRepo));
    expect(fromRelease.tables.map((t) => t.query)).toEqual(fromRepo.tables.map((t) => t.query));
  }, 120_000);

  it("refuses a non-empty output directory", () => {
    expect(() => writeDataformPackage(REPO, out)).toThrow(/not empty/);
  });
});
