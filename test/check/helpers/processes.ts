import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { isProcessAlive } from "../../../ts/check/analyzer-process.ts";

const require = createRequire(import.meta.url);

/** Runs a TypeScript file in a plain `node` child (no npx wrapper, so signals reach it directly). */
export function spawnTs(file: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  return spawn(process.execPath, ["--import", require.resolve("tsx/esm"), file, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
}

export async function waitUntilGone(pid: number, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isProcessAlive(pid);
}

export function collect(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/** Resolves with the first stdout line. */
export function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout?.on("data", (d: Buffer) => {
      buffer += d.toString();
      const nl = buffer.indexOf("\n");
      if (nl !== -1) resolve(buffer.slice(0, nl));
    });
    child.once("exit", (code) => reject(new Error(`exited (${code}) before printing a line`)));
  });
}
