import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const FIXTURES = path.join(import.meta.dirname, "..", "fixtures");
export const REPO = path.resolve(import.meta.dirname, "..", "..", "..");

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

/** A throwaway copy of a fixture (to edit it, or to add the project's includes). */
export function copyFixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nba-props-check-${name}-`));
  fs.cpSync(fixture(name), dir, { recursive: true });
  return dir;
}
