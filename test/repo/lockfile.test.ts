import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const lock = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../../package-lock.json"), "utf8")) as {
  packages: Record<string, { optionalDependencies?: Record<string, string> }>;
};

describe("package-lock.json", () => {
  it("lists every optional dependency, so `npm ci` accepts it (run `npm run lockfile:complete` after `npm install`)", () => {
    const missing = Object.values(lock.packages).flatMap((entry) =>
      Object.keys(entry.optionalDependencies ?? {}).filter((name) => !lock.packages[`node_modules/${name}`]),
    );
    expect(missing).toEqual([]);
  });
});
