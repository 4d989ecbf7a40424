import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Every temporary directory a test makes (os.tmpdir(), mkdtemp, DuckDB files, spawned CLIs) lands under one
 * directory per test run, removed when the run ends, whatever the test itself forgot or a crash left behind.
 * The forked test workers inherit TMPDIR from this process.
 */
export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "nba-props-test-run-"));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  const started = performance.now();
  return () => {
    fs.rmSync(root, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    process.stdout.write(`test suite wall time: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  };
}
