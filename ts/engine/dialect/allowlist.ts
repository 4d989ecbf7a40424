/**
 * The local engine's allowlist: every construct of BigQuery's analysis of a statement must match a supported
 * signature (ts/engine/dialect/signatures.ts); each match says how it runs on DuckDB. The result is either the
 * statement rewritten for the transpiler, or the list of constructs that would not give BigQuery's answer.
 */

import { safeMacro } from "./prelude.ts";
import { type Construct, constructsOf, flatten, unwrap } from "./resolved-constructs.ts";
import { applyRewrites, type Rewrite } from "./rewrite.ts";
import { matches, type ParsedPattern, parsePattern, signatureOf } from "./signature.ts";
import { type DuckDbForm, SIGNATURES, type Signature, UNSUPPORTED_HINTS } from "./signatures.ts";

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
  compiled ??= SIGNATURES.map((entry) => ({
    entry,
    pattern: parsePattern(entry.pattern),
    modifiers: new Set(entry.modifiers ?? []),
  }));
  return compiled;
}

/** The supported signature a construct matches, if any. */
export function findSignature(c: Construct): Signature | undefined {
  return table().find(
    (t) => matches(t.pattern, c) && c.modifiers.every((m) => t.modifiers.has(m)) && (!t.entry.when || t.entry.when(c)),
  )?.entry;
}

/**
 * `SAFE.f(…)` of a supported scalar function f: NULL where f raises. f's macro has a twin that returns NULL instead
 * of each of its errors; a function that never raises is itself; anything else is refused (a message, not a form).
 */
export function safeCall(c: Construct): { entry: Signature; form: DuckDbForm } | { refused: string } | undefined {
  if (c.kind !== "call" || c.nodeKind !== "resolvedFunctionCallNode" || !c.modifiers.includes("SAFE")) return undefined;
  const entry = findSignature({ ...c, modifiers: c.modifiers.filter((m) => m !== "SAFE") });
  if (!entry) return undefined;
  const form = entry.duckdb;
  const twin = form.kind === "prelude" && form.macro ? safeMacro(form.macro) : undefined;
  if (twin && form.kind === "prelude") {
    const macro = form.macro!;
    return {
      entry,
      form: { ...form, render: (a, x, inner) => form.render(a, x, inner).replace(`${macro}(`, `${twin}(`) },
    };
  }
  if (entry.neverRaises) {
    if (form.kind !== "direct") return { entry, form };
    return {
      entry,
      form: {
        kind: "translation",
        renames: true,
        render: (_a, _x, inner) => inner.replace(/^(\s*)SAFE\s*\.\s*/i, "$1"),
      },
    };
  }
  return {
    refused: `not supported by the local engine: the SAFE. version of ${entry.construct} (its errors come from DuckDB itself, which cannot turn them into NULL for this function alone)`,
  };
}

function hintFor(c: Construct): string {
  const name = c.kind === "call" ? c.name : c.kind === "cast" ? "CAST" : c.kind === "node" ? c.nodeKind : "LITERAL";
  const explicit = UNSUPPORTED_HINTS[name];
  const nearest = table()
    .filter(
      (t) =>
        t.pattern.name === name ||
        (c.kind === "cast" && t.pattern.kind === "cast" && t.pattern.args[0]!.includes(c.argTypes[0]!)),
    )
    .map((t) => t.entry.construct);
  const alternatives = nearest.length > 0 ? `; supported forms: ${[...new Set(nearest)].slice(0, 6).join("; ")}` : "";
  return `not supported by the local engine${explicit ? ` (${explicit})` : ""}${alternatives}`;
}

/**
 * The analyzer gives an array scan no location; its array expression has one. `UNNEST(<expr>) [AS] x [WITH OFFSET
 * [AS] i]` is found around it, so the scan can be named and rewritten like any construct.
 */
function placeUnnest(text: string, c: Construct): void {
  const list = (c.node.arrayExprList as unknown[] | undefined) ?? [c.node.arrayExpr];
  const expr = list.length === 1 ? unwrap(list[0]) : undefined;
  const range = expr
    ? (flatten(expr.node).parseLocationRange as { start?: number; end?: number } | undefined)
    : undefined;
  if (!range || typeof range.end !== "number") return;
  const bytes = Buffer.from(text, "utf8");
  const before = bytes.subarray(0, range.start ?? 0).toString("utf8");
  const after = bytes.subarray(range.end).toString("utf8");
  const open = /UNNEST\s*\(\s*$/i.exec(before);
  const close = /^\s*\)\s*(?:AS\s+)?\w+(?:\s+WITH\s+OFFSET(?:\s+AS)?\s+\w+)?/i.exec(after);
  if (
    !open ||
    !close ||
    (/^\s*\)\s*(?:AS\s+)?(WITH|ON|WHERE|JOIN|LEFT|CROSS|GROUP|ORDER)\b/i.test(after) &&
      !/WITH\s+OFFSET/i.test(close[0]))
  )
    return;
  c.range = { start: Buffer.byteLength(before.slice(0, open.index)), end: range.end + Buffer.byteLength(close[0]) };
  c.args = [{ start: range.start ?? 0, end: range.end }];
}

/** The top-level arguments of `NAME(a, b, …)`, quotes and brackets respected; undefined if it is not a call. */
export function splitCallArguments(call: string): string[] | undefined {
  const open = /^\s*[\w.]+\s*\(/.exec(call);
  if (!open || !/\)\s*$/.test(call)) return undefined;
  const body = call.slice(open[0].length, call.trimEnd().length - 1);
  const args: string[] = [];
  let depth = 0;
  let current = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === "'" || ch === '"' || ch === "`") {
      const triple = body.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      let j = i + triple.length;
      while (j < body.length && !body.startsWith(triple, j)) j += body[j] === "\\" ? 2 : 1;
      current += body.slice(i, j + triple.length);
      i = j + triple.length - 1;
      continue;
    }
    if ("([{".includes(ch)) depth++;
    if (")]}".includes(ch)) depth--;
    if (ch === "," && depth === 0) {
      args.push(current.trim());
      current = "";
    } else current += ch;
  }
  if (current.trim()) args.push(current.trim());
  return args;
}

/**
 * The operand inside an argument written with a date part around it: `INTERVAL n DAY` (DATE_ADD and friends) and
 * `part FROM x` (EXTRACT) are one argument in the text, an operand and an enum in the analysis.
 */
function operandOf(arg: string): string {
  const interval = /^INTERVAL\s+([\s\S]+?)\s+\w+$/i.exec(arg);
  if (interval) return interval[1]!;
  const from = /^\w+(?:\s*\(\s*\w+\s*\))?\s+FROM\s+([\s\S]+)$/i.exec(arg);
  return from ? from[1]! : arg;
}

export interface AllowlistResult {
  offenders: Offender[];
  /** The statement with every construct in its DuckDB-ready form (still BigQuery syntax for the transpiler). */
  rewritten: string;
  /** Every signature the statement uses (for coverage). */
  used: Signature[];
}

export function checkStatement(
  text: string,
  resolved: { kind: string; node: Record<string, unknown> },
): AllowlistResult {
  const offenders: Offender[] = [];
  const rewrites: Rewrite[] = [];
  const used: Signature[] = [];
  const constructs = constructsOf(resolved);
  const bytes = Buffer.from(text, "utf8");
  for (const c of constructs) {
    if (c.nodeKind === "resolvedArrayScanNode") placeUnnest(text, c);
    c.text = c.range ? bytes.subarray(c.range.start, c.range.end).toString("utf8") : "";
    c.statement = text;
  }
  for (const c of constructs) {
    const safe = safeCall(c);
    if (safe && "refused" in safe) {
      offenders.push({
        signature: signatureOf(c),
        written: c.text || signatureOf(c),
        offset: c.range?.start,
        hint: safe.refused,
      });
      continue;
    }
    const entry = safe?.entry ?? findSignature(c);
    if (!entry) {
      offenders.push({
        signature: signatureOf(c),
        written: c.text || signatureOf(c),
        offset: c.range?.start,
        hint: hintFor(c),
      });
      continue;
    }
    used.push(entry);
    const form = safe?.form ?? entry.duckdb;
    if (form.kind === "direct") continue;
    const unplaced = c.args.some((r, i) => !r && c.enums[i] === undefined);
    if (unplaced && !form.renames && c.kind === "call" && /^\s*[\w.]+\s*\(/.test(c.text ?? "")) {
      // Arguments without a location (references to UNNEST or aggregate columns): split the call's own text.
      const expected = c.enums.filter((e) => e === undefined).length;
      const range = c.range!;
      rewrites.push({
        range,
        depth: c.depth,
        args: [],
        render: (_a, inner) => {
          const split = splitCallArguments(inner)?.map(operandOf);
          if (!split || split.length !== expected) throw new Error(`cannot translate ${c.text}: arguments not found`);
          let k = 0;
          return form.render(
            c.enums.map((e) => (e === undefined ? split[k++]! : "")),
            c,
            inner,
          );
        },
      });
      continue;
    }
    if (unplaced && !form.renames) {
      offenders.push({
        signature: signatureOf(c),
        written: c.text || signatureOf(c),
        offset: c.range?.start,
        hint: "not supported by the local engine in this position (an argument has no source location); compute it in a CTE first",
      });
      continue;
    }
    const range = c.range ?? c.args[0];
    if (!range) {
      offenders.push({
        signature: signatureOf(c),
        written: signatureOf(c),
        hint: "not supported by the local engine here (no source location to translate it)",
      });
      continue;
    }
    rewrites.push({
      range,
      depth: c.depth,
      args: c.range ? c.args : [c.args[0]],
      render: (a, inner) => form.render(a, c, inner),
    });
  }
  return { offenders, rewritten: offenders.length > 0 ? text : applyRewrites(text, rewrites), used };
}
