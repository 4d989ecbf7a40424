import type { Row } from "./warehouse.ts";

/** Order-insensitive comparison of two row sets (multisets), with a readable diff. */
export interface RowDiff {
  equal: boolean;
  columnsExpected: string[];
  columnsActual: string[];
  missing: Row[];
  unexpected: Row[];
}

const canonical = (row: Row, columns: string[]) => JSON.stringify(columns.map((c) => row[c] ?? null));

export function diffRows(expected: Row[], actual: Row[]): RowDiff {
  const columnsExpected = Object.keys(expected[0] ?? actual[0] ?? {}).sort();
  const columnsActual = Object.keys(actual[0] ?? expected[0] ?? {}).sort();
  const sameColumns = JSON.stringify(columnsExpected) === JSON.stringify(columnsActual);
  const remaining = new Map<string, Row[]>();
  for (const row of actual) {
    const key = canonical(row, columnsExpected);
    remaining.set(key, [...(remaining.get(key) ?? []), row]);
  }
  const missing: Row[] = [];
  for (const row of expected) {
    const key = canonical(row, columnsExpected);
    const bucket = remaining.get(key);
    if (bucket && bucket.length > 0) bucket.pop();
    else missing.push(row);
  }
  const unexpected = [...remaining.values()].flat();
  return {
    equal: sameColumns && missing.length === 0 && unexpected.length === 0,
    columnsExpected,
    columnsActual,
    missing,
    unexpected,
  };
}

export function formatDiff(d: RowDiff): string {
  const lines: string[] = [];
  if (JSON.stringify(d.columnsExpected) !== JSON.stringify(d.columnsActual)) {
    lines.push(`  columns differ: expected [${d.columnsExpected.join(", ")}], got [${d.columnsActual.join(", ")}]`);
  }
  for (const r of d.missing) lines.push(`  - expected, missing: ${JSON.stringify(r)}`);
  for (const r of d.unexpected) lines.push(`  + unexpected:        ${JSON.stringify(r)}`);
  return lines.join("\n");
}
