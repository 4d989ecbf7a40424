#!/usr/bin/env node
// Restores the lock entries of optional platform packages that this machine's registry mirror does not serve.
// npm records a non-installable optional package as { version, os, cpu, libc, optional } only when it can fetch its
// metadata; here only the linux-x64 builds are served, and `npm ci` then rejects a lock that lacks the others
// (npm/cli#4828). Run after any `npm install` that rewrites package-lock.json: `npm run lockfile:complete`.
import fs from "node:fs";

const LOCK = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(fs.readFileSync(LOCK, "utf8"));
const packages = lock.packages;
const added = [];
for (const [key, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `node_modules/${name}`;
    if (packages[target]) continue;
    const match = name.match(/-(darwin|linux|win32)-(arm64|x64)(-musl)?$/);
    if (!match)
      throw new Error(`${key}: optional dependency ${name} is missing from the lock and is not a platform build`);
    const [, os, cpu, musl] = match;
    packages[target] = {
      version,
      cpu: [cpu],
      ...(os === "linux" ? { libc: [musl ? "musl" : "glibc"] } : {}),
      optional: true,
      os: [os],
    };
    added.push(target);
  }
}
const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
fs.writeFileSync(LOCK, `${JSON.stringify({ ...lock, packages: sorted }, null, 2)}\n`);
console.log(
  added.length ? `added ${added.length} optional platform entries:\n  ${added.join("\n  ")}` : "lock already complete",
);
