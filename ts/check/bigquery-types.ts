/**
 * BigQuery type names ↔ ZetaSQL TypeProto (proto-loader's object form). Declarations name their column types as
 * BigQuery spells them (`type:INT64`, `type:ARRAY<STRUCT<a STRING, b INT64>>`); the analyzer speaks TypeProto.
 */

export interface TypeProto {
  typeKind: string;
  arrayType?: { elementType: TypeProto };
  structType?: { field: { fieldName: string; fieldType: TypeProto }[] };
}

const SIMPLE: Record<string, string> = {
  STRING: "TYPE_STRING",
  BYTES: "TYPE_BYTES",
  INT64: "TYPE_INT64",
  INT: "TYPE_INT64",
  INTEGER: "TYPE_INT64",
  BIGINT: "TYPE_INT64",
  SMALLINT: "TYPE_INT64",
  TINYINT: "TYPE_INT64",
  BYTEINT: "TYPE_INT64",
  FLOAT64: "TYPE_DOUBLE",
  NUMERIC: "TYPE_NUMERIC",
  DECIMAL: "TYPE_NUMERIC",
  BIGNUMERIC: "TYPE_BIGNUMERIC",
  BIGDECIMAL: "TYPE_BIGNUMERIC",
  BOOL: "TYPE_BOOL",
  DATE: "TYPE_DATE",
  DATETIME: "TYPE_DATETIME",
  TIME: "TYPE_TIME",
  TIMESTAMP: "TYPE_TIMESTAMP",
  JSON: "TYPE_JSON",
  GEOGRAPHY: "TYPE_GEOGRAPHY",
  INTERVAL: "TYPE_INTERVAL",
};

const NAMES: Record<string, string> = {
  TYPE_STRING: "STRING",
  TYPE_BYTES: "BYTES",
  TYPE_INT64: "INT64",
  TYPE_INT32: "INT32",
  TYPE_UINT32: "UINT32",
  TYPE_UINT64: "UINT64",
  TYPE_DOUBLE: "FLOAT64",
  TYPE_FLOAT: "FLOAT32",
  TYPE_NUMERIC: "NUMERIC",
  TYPE_BIGNUMERIC: "BIGNUMERIC",
  TYPE_BOOL: "BOOL",
  TYPE_DATE: "DATE",
  TYPE_DATETIME: "DATETIME",
  TYPE_TIME: "TIME",
  TYPE_TIMESTAMP: "TIMESTAMP",
  TYPE_JSON: "JSON",
  TYPE_GEOGRAPHY: "GEOGRAPHY",
  TYPE_INTERVAL: "INTERVAL",
};

export class TypeSyntaxError extends Error {
  override name = "TypeSyntaxError";
}

/** Parses a BigQuery type (`INT64`, `NUMERIC(10,2)`, `ARRAY<STRING>`, `STRUCT<a INT64, b ARRAY<DATE>>`). */
export function parseBigQueryType(text: string): TypeProto {
  const tokens = text.match(/[A-Za-z_][A-Za-z0-9_]*|`[^`]*`|\d+|[<>(),]|\S/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const next = () => {
    const t = tokens[i++];
    if (t === undefined) throw new TypeSyntaxError(`unexpected end of type "${text}"`);
    return t;
  };
  const expect = (t: string) => {
    const got = next();
    if (got !== t) throw new TypeSyntaxError(`expected "${t}" in type "${text}", got "${got}"`);
  };
  const parseType = (): TypeProto => {
    const name = next().toUpperCase();
    if (name === "ARRAY") {
      expect("<");
      const elementType = parseType();
      expect(">");
      return { typeKind: "TYPE_ARRAY", arrayType: { elementType } };
    }
    if (name === "STRUCT") {
      expect("<");
      const field: { fieldName: string; fieldType: TypeProto }[] = [];
      while (peek() !== ">") {
        const fieldName = next().replace(/^`|`$/g, "");
        field.push({ fieldName, fieldType: parseType() });
        if (peek() === ",") next();
        else if (peek() !== ">")
          throw new TypeSyntaxError(`expected "," or ">" in type "${text}", got "${peek() ?? "end"}"`);
      }
      expect(">");
      return { typeKind: "TYPE_STRUCT", structType: { field } };
    }
    const kind = SIMPLE[name];
    if (!kind) throw new TypeSyntaxError(`unknown BigQuery type "${name}" in "${text}"`);
    if (peek() === "(") {
      // Parameterised types (STRING(10), NUMERIC(10, 2)) type-check as their base type.
      while (next() !== ")") {
        /* skip parameters */
      }
    }
    return { typeKind: kind };
  };
  const type = parseType();
  if (i !== tokens.length) throw new TypeSyntaxError(`unexpected "${tokens[i]}" after type in "${text}"`);
  return type;
}

/** The BigQuery spelling of an analyzer type, e.g. `ARRAY<STRUCT<a INT64>>`. */
export function formatType(type: TypeProto | undefined): string {
  if (!type) return "UNKNOWN";
  if (type.typeKind === "TYPE_ARRAY") return `ARRAY<${formatType(type.arrayType?.elementType)}>`;
  if (type.typeKind === "TYPE_STRUCT") {
    const fields = (type.structType?.field ?? []).map(
      (f) => `${f.fieldName ? `${f.fieldName} ` : ""}${formatType(f.fieldType)}`,
    );
    return `STRUCT<${fields.join(", ")}>`;
  }
  return NAMES[type.typeKind] ?? type.typeKind.replace(/^TYPE_/, "");
}
