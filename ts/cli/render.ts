import cliProgress from "cli-progress";
import type { ActionOutcome, RunSummary } from "../engine/outcome.ts";

/** A plain text table: header, rule, rows; columns padded to their widest cell. */
export function textTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function runSummaryTable(summary: RunSummary): string {
  const rows = summary.outcomes.map((o) => [o.name, o.type, o.status, o.rowsAffected ?? "", formatDuration(o.durationMs)]);
  const counts = new Map<string, number>();
  for (const o of summary.outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  const totals = [...counts].map(([s, n]) => `${n} ${s}`).join(", ");
  const failures = summary.outcomes
    .filter((o) => o.status === "failed" || o.status === "skipped")
    .map((o) => `${o.status === "failed" ? "FAILED" : "skipped"} ${o.name} (${o.file}): ${o.error ?? ""}`);
  return [
    textTable(["action", "type", "status", "rows", "time"], rows),
    "",
    `${summary.outcomes.length} action(s): ${totals}; run ${summary.runId} in ${formatDuration(summary.durationMs)}`,
    ...(failures.length > 0 ? ["", ...failures] : []),
  ].join("\n");
}

/** A progress bar on stderr while actions run, started once the total is known; nothing when not a terminal. */
export function actionProgress(): { start: (total: number) => void; done: (o: ActionOutcome) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { start: () => undefined, done: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: "{bar} {value}/{total} actions | {last}", hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0, { last: "" }),
    done: (o) => bar.increment({ last: `${o.status} ${o.name}` }),
    stop: () => bar.stop(),
  };
}
