import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AnalyzerClient } from "../../ts/check/analyzer-client.ts";
import {
  AnalyzerUnavailableError,
  isProcessAlive,
  startAnalyzer,
  zetasqlPackageDir,
} from "../../ts/check/analyzer-process.ts";
import { collect, firstLine, spawnTs, waitUntilGone } from "./helpers/processes.ts";

const started: number[] = [];
const HOLD = path.join(import.meta.dirname, "helpers", "hold-analyzer.ts");

afterAll(async () => {
  for (const pid of started) expect(await waitUntilGone(pid), `analyzer ${pid} still running`).toBe(true);
});

function connectable(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

describe("analyzer process", () => {
  it("listens on 127.0.0.1 on a free port, answers, and is gone after stop()", async () => {
    const analyzer = await startAnalyzer();
    started.push(analyzer.pid);
    expect(analyzer.host).toBe("127.0.0.1");
    expect(isProcessAlive(analyzer.pid)).toBe(true);
    expect(await connectable(analyzer.port, "127.0.0.1")).toBe(true);
    const client = AnalyzerClient.connect(analyzer.packageDir, analyzer.host, analyzer.port);
    const resolved = await client.analyze("SELECT TO_HEX(SHA256('a')) AS h", {
      inline: {
        name: "t",
        table: [],
        builtinFunctionOptions: { languageOptions: client.analyzerOptions.languageOptions },
      },
    });
    expect(resolved.kind).toBe("resolvedQueryStmtNode");
    client.close();
    await analyzer.stop();
    expect(isProcessAlive(analyzer.pid)).toBe(false);
    expect(isProcessAlive(analyzer.watchdogPid)).toBe(false);
    await analyzer.stop(); // idempotent
  });

  it("two analyzers get different ports", async () => {
    const [a, b] = await Promise.all([startAnalyzer(), startAnalyzer()]);
    started.push(a.pid, b.pid);
    expect(a.port).not.toBe(b.port);
    await Promise.all([a.stop(), b.stop()]);
    expect([isProcessAlive(a.pid), isProcessAlive(b.pid)]).toEqual([false, false]);
  });

  it("Ctrl-C (SIGINT) on the Node process kills the analyzer and still ends the process", async () => {
    const child = spawnTs(HOLD);
    const done = collect(child);
    const info = JSON.parse(await firstLine(child)) as { pid: number; watchdogPid: number };
    started.push(info.pid);
    expect(isProcessAlive(info.pid)).toBe(true);
    child.kill("SIGINT");
    const exit = await done;
    expect(exit.signal).toBe("SIGINT");
    expect(await waitUntilGone(info.pid)).toBe(true);
  });

  it("SIGKILL of the Node process (no handler runs) still stops the analyzer: the watchdog sees stdin close", async () => {
    const child = spawnTs(HOLD);
    const done = collect(child);
    const info = JSON.parse(await firstLine(child)) as { pid: number; watchdogPid: number };
    started.push(info.pid);
    expect(isProcessAlive(info.pid)).toBe(true);
    child.kill("SIGKILL");
    await done;
    expect(await waitUntilGone(info.pid)).toBe(true);
  });

  it("a binary for another platform is refused with a clear message", async () => {
    const macBinary = path.join(zetasqlPackageDir(), "lib", "zetasql", "remote_server");
    const error = await startAnalyzer({ binary: macBinary }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnalyzerUnavailableError);
    expect((error as Error).message).toMatch(/cannot run on this platform \(linux-x64\).*Mach-O/);
  });
});
