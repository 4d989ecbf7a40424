/**
 * The local engine's allowlist: every construct of BigQuery's analysis of a statement must match a supported
 * signature (ts/engine/dialect/signatures.ts); each match says how it runs on DuckDB. The result is either the
 * statement rewritten for the transpiler, or the list of constructs that would not give BigQuery's answer.
 */
import { constructsOf, type Construct } from "./resolved-constructs.ts";
import { applyRewrites, textOf, type Rewrite } from "./rewrite.ts";
import { matches, parsePattern, signatureOf, type ParsedPattern } from "./signature.ts";
import { SIGNATURES, UNSUPPORTED_HINTS, type Signature } from "./signatures.ts";

export interface Offender {
  /** The construct as BigQuery resolved it, e.g. `regexp_extract(STRING, STRING, INT64)`. */
  signature: string;
  /** The construct as written (its text in the statement). */
  written: string;
  /** Byte offset of the construct in the analysed text. */
  offset?: number;
  /** What to do instead. */
  hint: string;
}

interface Compiled {
  entry: Signature;
  pattern: ParsedPattern;
  modifiers: Set<string>;
}

let compiled: Compiled[] | undefined;
function table(): Compiled[] {
  compiled ??= SIGNATURES.map((entry) => ({ entry, pattern: parsePattern(entry.pattern), modifiers: new Set(entry.modifiers ?? []) }));
  return compiled;
}

/** The supported signature a construct matches, if any. */
export function findSignature(c: Construct): Signature | undefined {
  return table().find(
    (t) => matches(t.pattern, c) && c.modifiers.every((m) => t.modifiers.has(m)) && (!t.entry.when || t.entry.when(c)),
  )?.entry;
}

function hintFor(c: Construct): string {
  const name = c.kind === "call" ? c.name : c.kind === "cast" ? "CAST" : c.kind === "node" ? c.nodeKind : "LITERAL";
  const explicit = UNSUPPORTED_HINTS[name];
  const nearest = table()
    .filter((t) => t.pattern.name === name || (c.kind === "cast" && t.pattern.kind === "cast" && t.pattern.args[0]!.includes(c.argTypes[0]!)))
    .map((t) => t.entry.construct);
  const alternatives = nearest.length > 0 ? `; supported forms: ${[...new Set(nearest)].slice(0, 6).join("; ")}` : "";
  return `not supported by the local engine${explicit ? ` (${explicit})` : ""}${alternatives}`;
}

export interface AllowlistResult {
  offenders: Offender[];
  /** The statement with every construct in its DuckDB-ready form (still BigQuery syntax for the transpiler). */
  rewritten: string;
  /** Every signature the statement uses (for coverage). */
  used: Signature[];
}

export function checkStatement(text: string, resolved: { kind: string; node: Record<string, unknown> }): AllowlistResult {
  const offenders: Offender[] = [];
  const rewrites: Rewrite[] = [];
  const used: Signature[] = [];
  const constructs = constructsOf(resolved);
  for (const c of constructs) c.text = textOf(text, c.range);
  for (const c of constructs) {
    const entry = findSignature(c);
    if (!entry) {
      offenders.push({ signature: signatureOf(c), written: textOf(text, c.range) || signatureOf(c), offset: c.range?.start, hint: hintFor(c) });
      continue;
    }
    used.push(entry);
    const form = entry.duckdb;
    if (form.kind === "direct") continue;
    const unplaced = c.args.some((r, i) => !r && c.enums[i] === undefined);
    if (unplaced && !form.renames) {
      offenders.push({ signature: signatureOf(c), written: c.text || signatureOf(c), offset: c.range?.start, hint: "not supported by the local engine in this position (an argument has no source location); compute it in a CTE first" });
      continue;
    }
    const range = c.range ?? c.args[0];
    if (!range) {
      offenders.push({ signature: signatureOf(c), written: signatureOf(c), hint: "not supported by the local engine here (no source location to translate it)" });
      continue;
    }
    rewrites.push({ range, depth: c.depth, args: c.range ? c.args : [c.args[0]], render: (a, inner) => form.render(a, c, inner) });
  }
  return { offenders, rewritten: offenders.length > 0 ? text : applyRewrites(text, rewrites), used };
}
