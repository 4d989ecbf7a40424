#!/usr/bin/env node
// Entry point: runs the JavaScript that `npm run build` (also run by `npm ci` through `prepare`) emits into dist/.
import { existsSync } from "node:fs";

const main = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(main)) {
  process.stderr.write("nba-props: not built yet; run `npm run build` (npm ci does it through the prepare script)\n");
  process.exit(1);
}
await import(main.href);
