// Test helper (run as a child process): starts the analyzer, prints its pids, then waits to be signalled/killed.
import { startAnalyzer } from "../../../ts/check/analyzer-process.ts";

const analyzer = await startAnalyzer();
process.stdout.write(
  JSON.stringify({ pid: analyzer.pid, watchdogPid: analyzer.watchdogPid, port: analyzer.port }) + "\n",
);
setInterval(() => {}, 1_000);
