/**
 * Signature patterns of the allowlist. A pattern reads like the construct as BigQuery resolves it:
 *   `date_trunc(DATE, DAY|MONTH|QUARTER|YEAR)`, `$add(INT64, INT64)`, `concat(STRING...)`, `CAST(FLOAT64 AS INT64)`,
 *   `LITERAL(FLOAT64)`, `NODE(resolvedArrayScanNode)`.
 * An argument is a list of alternatives separated by `|`: a BigQuery type (`INT64`, `ARRAY<STRING>`), `ARRAY` or
 * `STRUCT` (any of them), `ANY`, a type class (`NUMBER`, `ORDERABLE`), or a date part / mode name for enum
 * arguments. A trailing `...` repeats the last argument. Modifiers (SAFE, DISTINCT, IGNORE NULLS, ORDER BY, LIMIT,
 * OVER) are listed separately: a construct may use only the modifiers its signature allows.
 */
import type { Construct } from "./resolved-constructs.ts";

const CLASSES: Record<string, string[]> = {
  NUMBER: ["INT64", "FLOAT64", "NUMERIC", "BIGNUMERIC"],
  ORDERABLE: [
    "INT64",
    "FLOAT64",
    "NUMERIC",
    "BIGNUMERIC",
    "STRING",
    "BYTES",
    "BOOL",
    "DATE",
    "DATETIME",
    "TIME",
    "TIMESTAMP",
  ],
};

export interface ParsedPattern {
  kind: Construct["kind"];
  name: string;
  args: string[][];
  variadic: boolean;
  /** CAST only: the target type. */
  to?: string;
}

/** Splits on commas that are not inside <…> or (…). */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "<" || ch === "(") depth++;
    if (ch === ">" || ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

export function parsePattern(pattern: string): ParsedPattern {
  const cast = /^CAST\((.+) AS (.+)\)$/.exec(pattern);
  if (cast) return { kind: "cast", name: "CAST", args: [cast[1]!.split("|")], variadic: false, to: cast[2]! };
  const m = /^([$\w.]+)\((.*)\)$/.exec(pattern);
  if (!m) throw new Error(`bad signature pattern: ${pattern}`);
  const name = m[1]!;
  let body = m[2]!;
  const variadic = body.endsWith("...");
  if (variadic) body = body.slice(0, -3);
  const args = splitTop(body).map((a) => a.split("|").map((t) => t.trim()));
  if (name === "LITERAL") return { kind: "literal", name: "LITERAL", args, variadic: false };
  if (name === "NODE") return { kind: "node", name: args[0]![0]!, args: [], variadic: false };
  return { kind: "call", name, args, variadic };
}

function typeMatches(actual: string, alternatives: string[], enumName: string | undefined): boolean {
  return alternatives.some((alt) => {
    if (alt === "ANY") return true;
    if (enumName !== undefined) return alt === enumName;
    if (alt === "ARRAY") return actual.startsWith("ARRAY<");
    if (alt === "STRUCT") return actual.startsWith("STRUCT<");
    if (CLASSES[alt]) return CLASSES[alt]!.includes(actual);
    return alt === actual;
  });
}

export function matches(p: ParsedPattern, c: Construct): boolean {
  if (p.kind !== c.kind) return false;
  switch (c.kind) {
    case "node":
      return p.name === c.nodeKind;
    case "literal":
      return typeMatches(c.type, p.args[0] ?? [], undefined);
    case "cast":
      return (
        typeMatches(c.argTypes[0] ?? "?", p.args[0] ?? [], undefined) &&
        typeMatches(c.type, p.to!.split("|"), undefined)
      );
    case "call": {
      if (p.name !== c.name) return false;
      const n = c.argTypes.length;
      if (p.variadic ? n < p.args.length - 1 : n !== p.args.length) return false;
      return c.argTypes.every((t, i) => typeMatches(t, p.args[Math.min(i, p.args.length - 1)] ?? [], c.enums[i]));
    }
  }
}

/** The construct as a signature, for messages and for listing what a project uses. */
export function signatureOf(c: Construct): string {
  const mods = c.modifiers.length > 0 ? ` [${c.modifiers.join(", ")}]` : "";
  switch (c.kind) {
    case "node":
      return `NODE(${c.nodeKind})`;
    case "literal":
      return `LITERAL(${c.type})`;
    case "cast":
      return `CAST(${c.argTypes[0]} AS ${c.type})${mods}`;
    case "call":
      return `${c.name}(${c.argTypes.map((t, i) => c.enums[i] ?? t).join(", ")})${mods}`;
  }
}
