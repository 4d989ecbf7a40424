import { createHash } from "node:crypto";

/** The data_hash canonical form (DESIGN.md §4), implemented independently of SQL so tests can check every row. */
export type HashFieldType = "STRING" | "INT64" | "FLOAT64" | "NUMERIC" | "BOOL" | "DATE" | "TIMESTAMP";
export type HashValue = string | number | boolean | bigint | null | undefined;

const BACKSLASH = "\\";

function encodeFloat(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Inf" : "-Inf";
  // ROUND half away from zero, like SQL ROUND on FLOAT64.
  const scaled = x * 1e6;
  const rounded = Math.sign(scaled) * Math.round(Math.abs(scaled));
  return (Object.is(rounded, -0) ? 0 : rounded).toFixed(0);
}

function encodeNumeric(v: string | number): string {
  const text = typeof v === "number" ? String(v) : v;
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`not a decimal number: ${text}`);
  const [intPart, frac = ""] = text.split(".");
  const fraction = frac.replace(/0+$/, "");
  const normalised = fraction ? `${intPart}.${fraction}` : intPart!;
  return /^-?0+(\.0*)?$/.test(normalised) ? "0" : normalised.replace(/^(-?)0+(\d)/, "$1$2");
}

export function encodeHashField(value: HashValue, type: HashFieldType): string {
  if (value === null || value === undefined) return `${BACKSLASH}N`;
  switch (type) {
    case "STRING":
      return String(value)
        .replaceAll(BACKSLASH, BACKSLASH + BACKSLASH)
        .replaceAll("|", `${BACKSLASH}|`);
    case "INT64":
      return BigInt(value as number | string | bigint).toString();
    case "BOOL":
      return value === true || value === "true" ? "true" : "false";
    case "DATE":
      return String(value).slice(0, 10);
    case "FLOAT64":
      return encodeFloat(Number(value));
    case "NUMERIC":
      return encodeNumeric(value as string | number);
    case "TIMESTAMP": {
      const text = String(value);
      const millis = Date.parse(/[zZ]|[+-]\d\d(:?\d\d)?$/.test(text) ? text : `${text.replace(" ", "T")}Z`);
      const micros =
        text
          .match(/\.(\d{1,6})/)?.[1]
          ?.padEnd(6, "0")
          .slice(3) ?? "000";
      return (BigInt(Math.floor(millis)) * 1000n + BigInt(micros)).toString();
    }
  }
}

export function canonicalString(fields: ReadonlyArray<readonly [HashValue, HashFieldType]>): string {
  return fields.map(([value, type]) => encodeHashField(value, type)).join("|");
}

export function dataHash(fields: ReadonlyArray<readonly [HashValue, HashFieldType]>): string {
  return createHash("sha256").update(canonicalString(fields), "utf8").digest("hex").slice(0, 16);
}
