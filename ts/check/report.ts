import type { CheckFailure, CheckResult } from "./check.ts";

/** Human-readable report of a check: one block per failure, then blocked actions, then the summary. */

export function formatFailure(f: CheckFailure): string {
  const where =
    f.fileLine !== undefined
      ? `${f.file}:${f.fileLine}:${f.fileColumn}`
      : f.line !== undefined
        ? `${f.file} (compiled ${f.part} ${f.line}:${f.column})`
        : f.file;
  const head =
    `✗ ${where}  ${f.action} [${f.actionKind}] ${f.part}${f.statement !== undefined ? ` statement ${f.statement}` : ""}` +
    (f.fileLine !== undefined && f.line !== undefined ? ` (compiled ${f.line}:${f.column})` : "");
  const lines = [head, `    ${f.message}`];
  if (f.sqlLine !== undefined && f.column !== undefined) {
    lines.push(`    | ${f.sqlLine}`);
    lines.push(`    | ${" ".repeat(Math.max(0, f.column - 1))}^`);
  }
  if (f.analyzerGap) lines.push(`    note: ${f.analyzerGap}`);
  return lines.join("\n");
}

export function formatSummary(r: CheckResult): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const rate = r.timings.analyseMs > 0 ? Math.round((r.statementsAnalysed / r.timings.analyseMs) * 1000) : 0;
  return [
    `${r.ok ? "✓ BigQuery check passed" : `✗ BigQuery check failed: ${r.failures.length} failure(s)`}` +
      `${r.blocked.length > 0 ? `, ${r.blocked.length} action(s) not analysed (upstream failed)` : ""}`,
    `  actions analysed: ${r.actionsAnalysed}, statements analysed: ${r.statementsAnalysed} (${r.analyzerCalls} analyzer calls, ${rate} statements/s)`,
    `  time: ${seconds(r.timings.totalMs)} total (compile ${seconds(r.timings.compileMs)}, analyzer start ${seconds(r.timings.analyzerStartMs)}, analysis ${seconds(r.timings.analyseMs)})`,
  ].join("\n");
}

export function formatReport(r: CheckResult): string {
  const blocks = r.failures.map(formatFailure);
  for (const b of r.blocked)
    blocks.push(`- ${b.file}  ${b.action} [${b.actionKind}] not analysed: upstream ${b.blockedBy.join(", ")} failed`);
  blocks.push(formatSummary(r));
  return blocks.join("\n\n") + "\n";
}
