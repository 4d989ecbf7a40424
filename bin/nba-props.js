#!/usr/bin/env node
// Entry point: registers tsx so the TypeScript sources run as they are (no build step, no stale output).
import { register } from "tsx/esm/api";

register();
await import("../ts/cli/main.ts");
