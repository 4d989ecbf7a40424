import { describeScope, type FlowReport } from "./flow.ts";
import { windowKey } from "./flow-state.ts";

/** The flow's summary for the terminal: what ran, on which scope, what changed, how it ended. */
export function formatFlowReport(r: FlowReport): string {
  const lines = [
    `flow ${r.correlationId} (${r.mode} ${windowKey(r.window)})${r.resumed ? " resumed after an interrupted run" : ""}`,
  ];
  for (const s of r.steps) {
    if (s.outcome !== "ran") {
      lines.push(`  ${s.step}: ${s.outcome}`);
      continue;
    }
    lines.push(
      `  ${s.step}: ran in ${s.seconds.toFixed(1)} s on ${s.scope ? `the changed entities only: ${describeScope(s.scope)}` : "the whole window"}`,
    );
    for (const p of s.processors) {
      const changed =
        p.changedRows === 0
          ? "no row changed"
          : `${p.changedRows} row(s) changed${p.incremental ? `: ${describeScope({ players: p.players, teams: p.teams })}` : ""}`;
      lines.push(
        `    ${p.processor.padEnd(32)} ${p.status.padEnd(8)} ${changed}${p.error ? ` (${p.error.slice(0, 200)})` : ""}`,
      );
    }
  }
  lines.push(
    `  messages delivered: ${r.drain.delivered}, dead-lettered: ${r.drain.deadLettered}, triggers published: ${r.triggersPublished.length}`,
  );
  for (const u of r.drain.unread) lines.push(`  UNREAD: ${u.count} message(s) on ${u.topic}`);
  for (const s of r.stuck) {
    lines.push(
      `  STUCK: ${s.transition} ${s.windowKey} ${s.completedCount}/${s.expectedCount} for ${s.ageHours} h, missing ${s.missing.slice(0, 5).join(", ")}`,
    );
  }
  lines.push(`flow ${r.status}${r.note ? ` (${r.note})` : ""} in ${r.seconds.toFixed(1)} s`);
  return `${lines.join("\n")}\n`;
}
