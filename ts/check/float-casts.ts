/**
 * CAST(<FLOAT64> AS INT64) rounds half away from zero on BigQuery (2.5 → 3) and half to even on DuckDB (2.5 → 2):
 * the local run would differ silently. Text cannot tell it from a harmless INT64 cast; the resolved AST can. A cast
 * whose argument is already integral (ROUND, TRUNC, FLOOR, CEIL) is the same on both engines and is not reported.
 */
type Obj = Record<string, unknown>;

const FLOAT_TYPES = new Set(["TYPE_DOUBLE", "TYPE_FLOAT"]);
const INTEGRAL_FUNCTIONS = new Set(["round", "trunc", "floor", "ceil", "ceiling"]);

/** An AnyResolved…Proto wraps the node under one `resolved…Node` key, possibly nested; returns the innermost. */
function unwrap(value: unknown): Obj | undefined {
  let node = value as Obj | undefined;
  for (let depth = 0; depth < 6 && node && typeof node === "object"; depth++) {
    const inner = Object.keys(node).find((k) => k.startsWith("resolved") && k.endsWith("Node"));
    if (!inner) return node;
    node = node[inner] as Obj;
  }
  return node;
}

/** The expression's type: resolved nodes keep it under `parent` (one or more levels). */
function typeKind(node: Obj | undefined): string | undefined {
  for (let p: Obj | undefined = node, depth = 0; p && depth < 6; p = p.parent as Obj | undefined, depth++) {
    const type = p.type as { typeKind?: string } | undefined;
    if (type?.typeKind) return type.typeKind;
  }
  return undefined;
}

/** A function call's name ("ZetaSQL:round" → "round"); like the type, it sits under `parent`. */
function functionName(node: Obj | undefined): string {
  for (let p: Obj | undefined = node, depth = 0; p && depth < 6; p = p.parent as Obj | undefined, depth++) {
    const name = (p.function as { name?: string } | undefined)?.name;
    if (name) return name.replace(/^.*:/, "").toLowerCase();
  }
  return "";
}

export function countAmbiguousFloatToIntCasts(root: unknown): number {
  let found = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (!value || typeof value !== "object") continue;
    if (Array.isArray(value)) {
      stack.push(...value);
      continue;
    }
    const o = value as Obj;
    const cast = o.resolvedCastNode as Obj | undefined;
    if (cast) {
      const argument = unwrap(cast.expr);
      if (
        typeKind(cast) === "TYPE_INT64" &&
        FLOAT_TYPES.has(typeKind(argument) ?? "") &&
        !INTEGRAL_FUNCTIONS.has(functionName(argument))
      ) {
        found++;
      }
    }
    stack.push(...Object.values(o));
  }
  return found;
}

export const FLOAT_TO_INT_MESSAGE =
  "CAST(<FLOAT64> AS INT64) rounds half to even on DuckDB but half away from zero on BigQuery, so the local run would " +
  "differ silently: use sql.floatToInt64(x) or CAST(ROUND(x) AS INT64)";
