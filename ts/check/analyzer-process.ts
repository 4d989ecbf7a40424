import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import type { Logger } from "../config/logger.ts";

/**
 * The ZetaSQL analyzer server (the linux-x64 binary shipped inside the `@fivetrandevelopers/zetasql` npm
 * package), started on 127.0.0.1 on a free port and always stopped.
 *
 * Orphan safety, in layers:
 * - `stop()` kills the server; the command calls it in `finally`.
 * - SIGINT / SIGTERM / SIGHUP and process `exit` kill it synchronously, then the signal takes its normal course.
 * - The server runs under a tiny `/bin/sh` watchdog that holds our stdin pipe: if Node dies without running any
 *   handler (SIGKILL, a crash, a test worker torn down), the pipe closes and the watchdog kills the server.
 */

export const ZETASQL_PACKAGE = "@fivetrandevelopers/zetasql";

/** The analyzer cannot run here: package missing, platform without a binary, or a binary that will not start. */
export class AnalyzerUnavailableError extends Error {
  override name = "AnalyzerUnavailableError";
}

export interface AnalyzerBinary {
  packageDir: string;
  binary: string;
}

/** Binaries the package ships, by `${process.platform}-${process.arch}` (the package's own runServer naming). */
const BINARIES: Record<string, { file: string; magic: "elf" | "macho"; elfMachine?: number }> = {
  "linux-x64": { file: "remote_server.so", magic: "elf", elfMachine: 0x3e },
  "linux-arm64": { file: "remote_server_arm.so", magic: "elf", elfMachine: 0xb7 },
  "darwin-x64": { file: "remote_server", magic: "macho" },
  "darwin-arm64": { file: "remote_server_arm", magic: "macho" },
};

const ownRequire = createRequire(import.meta.url);

/** The package directory, or AnalyzerUnavailableError saying how to get it (it is a devDependency). */
export function zetasqlPackageDir(): string {
  try {
    return path.dirname(ownRequire.resolve(`${ZETASQL_PACKAGE}/package.json`));
  } catch {
    throw new AnalyzerUnavailableError(
      `the ZetaSQL analyzer (npm package ${ZETASQL_PACKAGE}) is not installed. It is a devDependency: ` +
        "install the project with `npm install` (not `--omit=dev`) to run `nba-props check`.",
    );
  }
}

function platformKey(): string {
  return `${process.platform}-${process.arch}`;
}

/** Checks that `binary` is an executable of this platform's format and architecture before trying to run it. */
export function assertRunnable(binary: string, expected = BINARIES[platformKey()]): void {
  const where = platformKey();
  if (!expected) {
    throw new AnalyzerUnavailableError(
      `the ZetaSQL analyzer binary cannot run on this platform (${where}): ${ZETASQL_PACKAGE} ships servers for ` +
        `${Object.keys(BINARIES).join(", ")} only. Run \`nba-props check\` on linux-x64 (e.g. in CI).`,
    );
  }
  let head: Buffer;
  try {
    fs.accessSync(binary, fs.constants.X_OK);
    const fd = fs.openSync(binary, "r");
    head = Buffer.alloc(20);
    fs.readSync(fd, head, 0, 20, 0);
    fs.closeSync(fd);
  } catch (e) {
    throw new AnalyzerUnavailableError(
      `the ZetaSQL analyzer binary ${binary} is missing or not executable: ${(e as Error).message}`,
    );
  }
  const isElf = head.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  const machoMagic = head.readUInt32LE(0);
  const isMacho = machoMagic === 0xfeedfacf || machoMagic === 0xfeedface || machoMagic === 0xbebafeca;
  const formatOk =
    expected.magic === "elf"
      ? isElf && (expected.elfMachine === undefined || head.readUInt16LE(18) === expected.elfMachine)
      : isMacho;
  if (!formatOk) {
    const found = isElf
      ? `an ELF binary for machine 0x${head.readUInt16LE(18).toString(16)}`
      : isMacho
        ? "a macOS (Mach-O) binary"
        : "not a native executable";
    throw new AnalyzerUnavailableError(
      `the ZetaSQL analyzer binary cannot run on this platform (${where}): ${binary} is ${found}.`,
    );
  }
}

/** The server binary for this platform, from NBA_PROPS_ZETASQL_BINARY or the package. */
export function locateAnalyzerBinary(override = process.env.NBA_PROPS_ZETASQL_BINARY): AnalyzerBinary {
  const packageDir = zetasqlPackageDir();
  const expected = BINARIES[platformKey()];
  const binary = override || (expected ? path.join(packageDir, "lib", "zetasql", expected.file) : "");
  assertRunnable(binary, expected);
  return { packageDir, binary };
}

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export interface AnalyzerProcess {
  readonly host: string;
  readonly port: number;
  /** pid of the analyzer server itself. */
  readonly pid: number;
  /** pid of the /bin/sh watchdog that owns it. */
  readonly watchdogPid: number;
  readonly startMs: number;
  readonly binary: string;
  readonly packageDir: string;
  /** Kills the server and waits until the watchdog has reaped it. Idempotent. */
  stop(): Promise<void>;
}

export interface StartOptions {
  binary?: string;
  logger?: Logger;
  startTimeoutMs?: number;
}

// $0 = binary, $1 = host, $2 = port. fd 3 keeps our stdin (background jobs get /dev/null as stdin otherwise).
const WATCHDOG = [
  "exec 3<&0",
  '"$0" "$1" "$2" & pid=$!',
  'echo "nba-props-analyzer-pid $pid"',
  '( read _line <&3; kill -KILL "$pid" 2>/dev/null ) &',
  'wait "$pid"; code=$?',
  'echo "nba-props-analyzer-exit $code"',
  'exit "$code"',
].join("\n");

const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export { isAlive as isProcessAlive };

function killQuietly(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    /* already gone */
  }
}

/** Starts the analyzer server; resolves once it listens. Retries on another port if the port was taken. */
export async function startAnalyzer(options: StartOptions = {}): Promise<AnalyzerProcess> {
  const { packageDir, binary } = locateAnalyzerBinary(options.binary);
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return await startOnce(binary, packageDir, port, options);
    } catch (e) {
      if (e instanceof AnalyzerUnavailableError) throw e;
      lastError = e as Error;
      options.logger?.warn({ port, err: (e as Error).message }, "analyzer did not start; retrying on another port");
    }
  }
  throw lastError ?? new Error("analyzer did not start");
}

function startOnce(binary: string, packageDir: string, port: number, options: StartOptions): Promise<AnalyzerProcess> {
  const host = "127.0.0.1";
  const started = performance.now();
  const child: ChildProcess = spawn("/bin/sh", ["-c", WATCHDOG, binary, host, String(port)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let serverPid = 0;
  let output = "";
  let stopped = false;
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));

  const killSync = () => {
    killQuietly(serverPid);
    child.stdin?.destroy();
  };
  const onExit = () => killSync();
  const onSignal = (signal: NodeJS.Signals) => {
    killSync();
    detach();
    // Let the signal do what it would have done without us, unless someone else handles it.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const detach = () => {
    process.removeListener("exit", onExit);
    for (const s of SIGNALS) process.removeListener(s, onSignal);
  };
  process.on("exit", onExit);
  for (const s of SIGNALS) process.on(s, onSignal);

  const stop = async () => {
    if (stopped) return exitPromise;
    stopped = true;
    killSync();
    if (!exited) {
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exitPromise;
      clearTimeout(timer);
    }
    child.stdout?.destroy();
    child.stderr?.destroy();
    detach();
  };

  return new Promise<AnalyzerProcess>((resolve, reject) => {
    const timeoutMs = options.startTimeoutMs ?? 15_000;
    const timer = setTimeout(
      () => fail(new Error(`analyzer did not listen on ${host}:${port} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    let settled = false;
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop().then(() => reject(e));
    };
    const onData = (chunk: Buffer) => {
      if (settled) {
        options.logger?.debug({ output: chunk.toString("utf8").trim() }, "analyzer output");
        return;
      }
      output += chunk.toString("utf8");
      const pidMatch = /nba-props-analyzer-pid (\d+)/.exec(output);
      if (pidMatch && !serverPid) serverPid = Number(pidMatch[1]);
      const exitMatch = /nba-props-analyzer-exit (\d+)/.exec(output);
      if (exitMatch) {
        const code = Number(exitMatch[1]);
        const text = output.replace(/nba-props-analyzer-(pid|exit) \d+\n?/g, "").trim();
        if (code === 126 || code === 127 || /GLIBC|cannot execute|not found|Exec format/i.test(text)) {
          fail(
            new AnalyzerUnavailableError(
              `the ZetaSQL analyzer binary cannot run on this platform (${platformKey()}): ${text || `exit code ${code}`}`,
            ),
          );
        } else {
          fail(new Error(`analyzer exited (code ${code}) before listening on ${host}:${port}: ${text}`));
        }
        return;
      }
      if (!settled && serverPid && /Server listening on/.test(output)) {
        settled = true;
        clearTimeout(timer);
        const startMs = performance.now() - started;
        options.logger?.debug({ port, pid: serverPid, startMs: Math.round(startMs) }, "analyzer listening");
        resolve({ host, port, pid: serverPid, watchdogPid: child.pid ?? 0, startMs, binary, packageDir, stop });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", (e) =>
      fail(new AnalyzerUnavailableError(`cannot start /bin/sh for the ZetaSQL analyzer: ${e.message}`)),
    );
    child.once("exit", (code) => {
      if (!settled)
        fail(new Error(`analyzer watchdog exited (code ${code}) before the server listened: ${output.trim()}`));
    });
  });
}
