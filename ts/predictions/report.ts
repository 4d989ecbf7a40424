import type { BatchSummary } from "./coordinator.ts";

/** The batch summary as printed by `nba-props predict` and the pipeline. */
export function formatBatchSummary(s: BatchSummary): string {
  const perDate = s.dates.map((d) => d.computeMs);
  const avg = perDate.length ? perDate.reduce((a, b) => a + b, 0) / perDate.length : 0;
  const reasons = Object.entries(s.skipReasons)
    .map(([r, n]) => `${r}: ${n}`)
    .join(", ");
  const lines = [
    `batch ${s.batchId} (correlation ${s.correlationId}), ${s.from} .. ${s.to}, ${s.dates.length} date(s)`,
    `players ${s.players}: predicted ${s.predicted}, unchanged ${s.unchanged}, skipped ${s.skipped}${reasons ? ` (${reasons})` : ""}, failed ${s.failed}`,
    `rows written ${s.rowsWritten}; batch query ${(s.queryMs / 1000).toFixed(2)} s, write ${(s.writeMs / 1000).toFixed(2)} s, ` +
      `systems per date avg ${avg.toFixed(1)} ms / max ${Math.max(0, ...perDate).toFixed(1)} ms`,
    ...s.failures.slice(0, 10).map((f) => `  failed ${f.gameId} ${f.playerLookup}: ${f.error}`),
  ];
  return `${lines.join("\n")}\n`;
}
