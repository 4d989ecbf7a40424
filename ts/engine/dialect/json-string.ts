/**
 * TO_JSON_STRING as GoogleSQL encodes values (the JSON encodings of its reference and ZetaSQL's JsonEscapeString):
 * strings escaped for `"` `\` and control characters (\b \f \n \r \t, others \u00xx) and U+2028/U+2029, anything else
 * as is; INT64 a number within ±2^53, else a quoted string; BOOL, DATE (quoted), NULL as null; ARRAYs of those and
 * STRUCTs with named fields, compactly. Other types (FLOAT64, TIMESTAMP, NUMERIC, BYTES, …) are not encoded here.
 */

/** The prelude's encoders, one per scalar type (DuckDB SQL; DuckDB strings take backslashes literally). */
export function jsonMacros(): string[] {
  const controls = Array.from({ length: 32 }, (_, code) => code).filter((c) => ![8, 9, 10, 12, 13].includes(c));
  let escaped = "replace(replace(s, '\\', '\\\\'), '\"', '\\\"')";
  const named: [number, string][] = [
    [8, "\\b"],
    [12, "\\f"],
    [10, "\\n"],
    [13, "\\r"],
    [9, "\\t"],
    [0x2028, "\\u2028"],
    [0x2029, "\\u2029"],
    ...controls.map((c): [number, string] => [c, `\\u${c.toString(16).padStart(4, "0")}`]),
  ];
  for (const [code, text] of named) escaped = `replace(${escaped}, chr(${code}), '${text}')`;
  const array = (t: string) =>
    `CREATE OR REPLACE MACRO nbap_json_${t}_array(a) AS CASE WHEN a IS NULL THEN 'null' ELSE '[' || array_to_string(list_transform(a, e -> nbap_json_${t}(e)), ',') || ']' END`;
  return [
    `CREATE OR REPLACE MACRO nbap_json_string(s) AS CASE WHEN s IS NULL THEN 'null' ELSE '"' || ${escaped} || '"' END`,
    "CREATE OR REPLACE MACRO nbap_json_int64(x) AS CASE WHEN x IS NULL THEN 'null' WHEN x BETWEEN -9007199254740992 AND 9007199254740992 THEN CAST(x AS VARCHAR) ELSE '\"' || CAST(x AS VARCHAR) || '\"' END",
    "CREATE OR REPLACE MACRO nbap_json_bool(b) AS CASE WHEN b IS NULL THEN 'null' WHEN b THEN 'true' ELSE 'false' END",
    "CREATE OR REPLACE MACRO nbap_json_date(d) AS CASE WHEN d IS NULL THEN 'null' ELSE '\"' || strftime(CAST(d AS DATE), '%Y-%m-%d') || '\"' END",
    ...["string", "int64", "bool", "date"].map(array),
  ];
}

const SCALARS: Record<string, string> = { STRING: "string", INT64: "int64", BOOL: "bool", DATE: "date" };

/** Splits on commas that are not inside <…>. */
function fields(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of body) {
    if (ch === "<") depth++;
    if (ch === ">") depth--;
    if (ch === "," && depth === 0) {
      out.push(current.trim());
      current = "";
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/**
 * The BigQuery-syntax expression (nbap_json_* calls) that encodes `expr` of BigQuery type `type` (as the allowlist
 * prints types: `STRUCT<id INT64, c ARRAY<INT64>>`); undefined for a type it does not encode.
 */
export function jsonEncoder(expr: string, type: string): string | undefined {
  if (SCALARS[type]) return `nbap_json_${SCALARS[type]}(${expr})`;
  const array = /^ARRAY<(\w+)>$/.exec(type);
  if (array) return SCALARS[array[1]!] ? `nbap_json_${SCALARS[array[1]!]}_array(${expr})` : undefined;
  const struct = /^STRUCT<(.*)>$/.exec(type);
  if (!struct) return undefined;
  const parts: string[] = [];
  for (const [i, field] of fields(struct[1]!).entries()) {
    const m = /^(\w+) (.+)$/.exec(field);
    if (!m) return undefined; // an anonymous field
    const inner = jsonEncoder(`(${expr}).${m[1]}`, m[2]!);
    if (!inner) return undefined;
    parts.push(`'${i === 0 ? "{" : ","}"${m[1]}":' || ${inner}`);
  }
  if (parts.length === 0) return undefined;
  return `CASE WHEN (${expr}) IS NULL THEN 'null' ELSE ${parts.join(" || ")} || '}' END`;
}
