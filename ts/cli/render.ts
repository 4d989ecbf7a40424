import { styleText } from "node:util";
import cliProgress from "cli-progress";
import type { ActionOutcome, RunSummary } from "../engine/outcome.ts";

type Stream = NodeJS.WriteStream;

/** Colour only where a person reads a terminal (and NO_COLOR is unset); files and pipes get plain text. */
export function paint(stream: Stream, style: Parameters<typeof styleText>[0], text: string): string {
  return stream.isTTY && !process.env.NO_COLOR ? styleText(style, text) : text;
}

/** A status word as a person should see it: FAILED in red, skipped in yellow, the rest plain. */
export function statusLabel(status: string, stream: Stream = process.stdout): string {
  if (status === "failed") return paint(stream, ["bold", "red"], "FAILED");
  if (status === "skipped") return paint(stream, "yellow", status);
  return status;
}

/** A plain text table: header, rule, rows; columns padded to their widest cell. */
export function textTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function runSummaryTable(summary: RunSummary): string {
  const rows = summary.outcomes.map((o) => [
    o.name,
    o.type,
    o.status,
    o.rowsAffected ?? "",
    formatDuration(o.durationMs),
  ]);
  const table = textTable(["action", "type", "status", "rows", "time"], rows)
    .split("\n")
    .map((line, i) =>
      i >= 2 && summary.outcomes[i - 2]!.status === "failed" ? paint(process.stdout, "red", line) : line,
    )
    .join("\n");
  const counts = new Map<string, number>();
  for (const o of summary.outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  const totals = [...counts].map(([s, n]) => `${n} ${s}`).join(", ");
  const failures = summary.outcomes
    .filter((o) => o.status === "failed" || o.status === "skipped")
    .map((o) => `${statusLabel(o.status)} ${o.name} (${o.file}): ${o.error ?? ""}`);
  return [
    table,
    "",
    `${summary.outcomes.length} action(s): ${totals}; run ${summary.runId} in ${formatDuration(summary.durationMs)}`,
    ...(failures.length > 0 ? ["", ...failures] : []),
  ].join("\n");
}

/**
 * Progress on stderr while actions run: a bar on a terminal; elsewhere (CI logs, pipes) one line per finished
 * action, so a long run is never silent.
 */
export function actionProgress(): {
  start: (total: number) => void;
  done: (o: ActionOutcome) => void;
  stop: () => void;
} {
  if (!process.stderr.isTTY) {
    let total = 0;
    let finished = 0;
    return {
      start: (n) => {
        total = n;
      },
      done: (o) => {
        finished += 1;
        process.stderr.write(
          `[${finished}/${total}] ${statusLabel(o.status, process.stderr)} ${o.name} ${formatDuration(o.durationMs)}\n`,
        );
      },
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: "{bar} {value}/{total} actions | {last}",
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0, { last: "" }),
    done: (o) => bar.increment({ last: `${o.status} ${o.name}` }),
    stop: () => bar.stop(),
  };
}
