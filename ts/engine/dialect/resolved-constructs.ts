/**
 * Reads BigQuery's own analysis (a ZetaSQL resolved AST, as JSON) of one statement and lists every construct the
 * local engine must know: function calls and operators with their argument types and modifiers, casts, literals,
 * and the kind of every other node. Parse locations (byte offsets into the analysed text) say where each one was
 * written, so the allowlist can name it and the rewrite can replace it.
 */
import type { TypeProto } from "../../check/bigquery-types.ts";

type Obj = Record<string, unknown>;

export interface ByteRange {
  start: number;
  end: number;
}

/** One node of the resolved tree the allowlist looks at. */
export interface Construct {
  /** "call" for functions, operators and aggregates; "cast"; "literal"; "node" for every other resolved node. */
  kind: "call" | "cast" | "literal" | "node";
  /** The resolved node's kind, e.g. resolvedFunctionCallNode, resolvedArrayScanNode. */
  nodeKind: string;
  /** ZetaSQL's function name without its group ("date_trunc", "$add"); the target type for casts. */
  name: string;
  argTypes: string[];
  /** Enum arguments (date parts, normalisation modes) by position, as names. */
  enums: (string | undefined)[];
  /** Literal values of the arguments (strings and numbers) by position. */
  literals: unknown[];
  modifiers: string[];
  type: string;
  range?: ByteRange;
  args: (ByteRange | undefined)[];
  depth: number;
  node: Obj;
  /** The nearest enclosing function call or cast. */
  parent?: Construct;
  /** The construct as written (set by the allowlist from the analysed text). */
  text?: string;
  /** The whole statement's text (set by the allowlist), for constructs that depend on their context. */
  statement?: string;
  /** Argument constructs (function calls and casts only), by position. */
  children: (Construct | undefined)[];
}

const DATE_PARTS = [
  "",
  "YEAR",
  "MONTH",
  "DAY",
  "DAYOFWEEK",
  "DAYOFYEAR",
  "QUARTER",
  "HOUR",
  "MINUTE",
  "SECOND",
  "MILLISECOND",
  "MICROSECOND",
  "NANOSECOND",
  "DATE",
  "WEEK",
  "DATETIME",
  "TIME",
  "ISOYEAR",
  "ISOWEEK",
  "WEEK(MONDAY)",
  "WEEK(TUESDAY)",
  "WEEK(WEDNESDAY)",
  "WEEK(THURSDAY)",
  "WEEK(FRIDAY)",
  "WEEK(SATURDAY)",
];
const NORMALIZE_MODES = ["NFC", "NFKC", "NFD", "NFKD"];

/** BigQuery's name for a resolved type: INT64, FLOAT64, ARRAY<STRING>, STRUCT<a INT64>, … */
export function typeName(type: TypeProto | undefined): string {
  if (!type?.typeKind) return "?";
  const t = type as TypeProto & {
    arrayType?: { elementType?: TypeProto };
    structType?: { field?: { fieldName?: string; fieldType?: TypeProto }[] };
  };
  switch (t.typeKind) {
    case "TYPE_INT64":
      return "INT64";
    case "TYPE_DOUBLE":
      return "FLOAT64";
    case "TYPE_BOOL":
      return "BOOL";
    case "TYPE_STRING":
      return "STRING";
    case "TYPE_BYTES":
      return "BYTES";
    case "TYPE_DATE":
      return "DATE";
    case "TYPE_DATETIME":
      return "DATETIME";
    case "TYPE_TIME":
      return "TIME";
    case "TYPE_TIMESTAMP":
      return "TIMESTAMP";
    case "TYPE_NUMERIC":
      return "NUMERIC";
    case "TYPE_BIGNUMERIC":
      return "BIGNUMERIC";
    case "TYPE_JSON":
      return "JSON";
    case "TYPE_INTERVAL":
      return "INTERVAL";
    case "TYPE_GEOGRAPHY":
      return "GEOGRAPHY";
    case "TYPE_ENUM":
      return "ENUM";
    case "TYPE_ARRAY":
      return `ARRAY<${typeName(t.arrayType?.elementType)}>`;
    case "TYPE_STRUCT":
      return `STRUCT<${(t.structType?.field ?? []).map((f) => `${f.fieldName ? `${f.fieldName} ` : ""}${typeName(f.fieldType)}`).join(", ")}>`;
    default:
      return t.typeKind.replace(/^TYPE_/, "");
  }
}

/** A resolved node's fields with its `parent` chain folded in (the JSON nests base-class fields under parent). */
export function flatten(node: Obj): Obj {
  const chain: Obj[] = [];
  for (let p: Obj | undefined = node; p && typeof p === "object"; p = p.parent as Obj | undefined) chain.push(p);
  return Object.assign({}, ...chain.reverse());
}

/** The innermost resolved…Node of an Any…Proto wrapper, with its kind. */
export function unwrap(value: unknown): { kind: string; node: Obj } | undefined {
  let node = value as Obj | undefined;
  let kind = "";
  for (let depth = 0; depth < 8 && node && typeof node === "object"; depth++) {
    const inner = Object.keys(node).find(
      (k) => /^resolved\w*Node$/.test(k) && node![k] && typeof node![k] === "object",
    );
    if (!inner) break;
    kind = inner;
    node = node[inner] as Obj;
  }
  return node && kind ? { kind, node } : undefined;
}

function rangeOf(flat: Obj): ByteRange | undefined {
  const r = flat.parseLocationRange as { start?: number; end?: number } | undefined;
  return r && typeof r.end === "number" ? { start: r.start ?? 0, end: r.end } : undefined;
}

export function literalValue(flat: Obj): unknown {
  const v = (flat.value as Obj | undefined)?.value as Obj | undefined;
  if (!v) return undefined;
  const key = v.value as string | undefined;
  return key ? v[key] : undefined;
}

function argInfo(arg: unknown): { type: string; range?: ByteRange; enumName?: string; literal?: unknown } {
  const u = unwrap(arg);
  if (!u) return { type: "?" };
  const flat = flatten(u.node);
  const type = flat.type as (TypeProto & { enumType?: { enumName?: string } }) | undefined;
  // An implicit coercion (INT64 column → FLOAT64) has no location of its own: the text is its operand's.
  let range = rangeOf(flat);
  for (let inner = u; !range && inner.kind === "resolvedCastNode"; ) {
    const next = unwrap(flatten(inner.node).expr);
    if (!next) break;
    inner = next;
    range = rangeOf(flatten(inner.node));
  }
  const info: { type: string; range?: ByteRange; enumName?: string; literal?: unknown } = {
    type: typeName(type),
    range,
  };
  if (u.kind === "resolvedLiteralNode") {
    const value = literalValue(flat);
    if (type?.typeKind === "TYPE_ENUM") {
      const n = Number(value);
      info.enumName = type.enumType?.enumName?.endsWith("NormalizeMode") ? NORMALIZE_MODES[n] : DATE_PARTS[n];
    } else info.literal = value;
  }
  return info;
}

function callModifiers(kind: string, flat: Obj): string[] {
  const m: string[] = [];
  if (flat.errorMode === "SAFE_ERROR_MODE") m.push("SAFE");
  if (flat.distinct === true) m.push("DISTINCT");
  if (flat.nullHandlingModifier === "IGNORE_NULLS") m.push("IGNORE NULLS");
  if (flat.nullHandlingModifier === "RESPECT_NULLS") m.push("RESPECT NULLS");
  if (Array.isArray(flat.orderByItemList) && flat.orderByItemList.length > 0) m.push("ORDER BY");
  if (flat.limit) m.push("LIMIT");
  if (flat.havingModifier) m.push("HAVING");
  if (kind === "resolvedAnalyticFunctionCallNode") m.push("OVER");
  return m;
}

const CALL_KINDS = new Set([
  "resolvedFunctionCallNode",
  "resolvedAggregateFunctionCallNode",
  "resolvedAnalyticFunctionCallNode",
]);

/** Every construct of a resolved statement, outermost first. */
export function constructsOf(statement: { kind: string; node: Obj }): Construct[] {
  const out: Construct[] = [];
  const stack: Construct[] = [];
  const visit = (kind: string, node: Obj, depth: number) => {
    const flat = flatten(node);
    const parent = stack[stack.length - 1];
    const base = {
      nodeKind: kind,
      range: rangeOf(flat),
      depth,
      node: flat,
      modifiers: [] as string[],
      parent,
      children: [] as (Construct | undefined)[],
    };
    const before = out.length;
    const type = typeName(flat.type as TypeProto | undefined);
    if (CALL_KINDS.has(kind)) {
      const args = ((flat.argumentList as unknown[]) ?? []).map(argInfo);
      const name = String((flat.function as Obj | undefined)?.name ?? "?").replace(/^.*:/, "");
      out.push({
        ...base,
        kind: "call",
        name,
        type,
        argTypes: args.map((a) => a.type),
        enums: args.map((a) => a.enumName),
        literals: args.map((a) => a.literal),
        args: args.map((a) => a.range),
        modifiers: callModifiers(kind, flat),
      });
    } else if (kind === "resolvedCastNode") {
      const arg = argInfo(flat.expr);
      out.push({
        ...base,
        kind: "cast",
        name: type,
        type,
        argTypes: [arg.type],
        enums: [],
        literals: [arg.literal],
        args: [arg.range],
        modifiers: flat.returnNullOnError ? ["SAFE"] : [],
      });
    } else if (kind === "resolvedLiteralNode") {
      out.push({
        ...base,
        kind: "literal",
        name: type,
        type,
        argTypes: [],
        enums: [],
        literals: [literalValue(flat)],
        args: [],
      });
    } else {
      out.push({ ...base, kind: "node", name: kind, type, argTypes: [], enums: [], literals: [], args: [] });
    }
    const self = out[before]!;
    const isExpr = self.kind === "call" || self.kind === "cast";
    if (isExpr) stack.push(self);
    const childStart = out.length;
    walkChildren(node, depth + 1);
    if (isExpr) {
      stack.pop();
      // Direct arguments: the constructs one level down whose range is an argument's range.
      const direct = new Map<string, Construct>();
      for (let i = childStart; i < out.length; i++) {
        const c = out[i]!;
        if (c.parent === self && c.range)
          direct.set(`${c.range.start}:${c.range.end}`, direct.get(`${c.range.start}:${c.range.end}`) ?? c);
      }
      self.children = self.args.map((r) => (r ? direct.get(`${r.start}:${r.end}`) : undefined));
    }
  };
  const walkChildren = (value: unknown, depth: number) => {
    if (!value || typeof value !== "object") return;
    if (Array.isArray(value)) {
      for (const v of value) walkChildren(v, depth);
      return;
    }
    for (const [k, v] of Object.entries(value as Obj)) {
      if (k === "parent") {
        walkChildren(v, depth);
        continue;
      }
      if (!v || typeof v !== "object") continue;
      if (/^resolved\w*Node$/.test(k)) {
        const inner = unwrap({ [k]: v });
        if (inner) visit(inner.kind, inner.node, depth);
      } else walkChildren(v, depth);
    }
  };
  const top = unwrap({ [statement.kind]: statement.node }) ?? { kind: statement.kind, node: statement.node };
  visit(top.kind, top.node, 0);
  return out;
}
