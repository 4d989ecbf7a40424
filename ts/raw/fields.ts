import { z } from "zod";

/**
 * zod field schemas for CSV source records: every CSV value arrives as text, each helper validates it and converts
 * it to what the raw column stores. Messages quote the offending value so a rejection names field and value.
 * Empty text means NULL only where a helper says "optional".
 */
const show = (value: string) => JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);

function refineText<T>(convert: (text: string) => T | undefined, expected: string) {
  return z.string().transform((raw, ctx): T => {
    const value = convert(raw.trim());
    if (value === undefined) {
      ctx.addIssue({ code: "custom", message: `expected ${expected}, got ${show(raw)}` });
      return z.NEVER;
    }
    return value;
  });
}

function optional<T>(convert: (text: string) => T | undefined, expected: string) {
  return refineText<T | null>((text) => (text === "" ? null : convert(text)), `${expected} or empty`);
}

const toInteger = (text: string): number | undefined => {
  if (!/^-?\d+(\.0+)?$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
};
/** A finite decimal number; `1e999` (Infinity in JS, not storable as FLOAT64 data) is not one. */
const toNumber = (text: string): number | undefined => {
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
};
const within = (convert: (text: string) => number | undefined, min: number, max: number) => (text: string) => {
  const n = convert(text);
  return n !== undefined && n >= min && n <= max ? n : undefined;
};
/** C0/C1 control characters (NUL, escape, …): never part of a name or label in any source. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const toText = (t: string): string | undefined => (t === "" || CONTROL_CHARACTERS.test(t) ? undefined : t);
const toIsoDate = (text: string): string | undefined => (isRealDate(text) ? text : undefined);
const toBool = (text: string): boolean | undefined =>
  ({ true: true, false: false })[text.toLowerCase() as "true" | "false"];

export function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Non-empty text without control characters, trimmed. */
export const text = () => refineText(toText, "a non-empty value without control characters");
/** Text without control characters, trimmed; empty → NULL. */
export const optionalText = () => optional(toText, "a value without control characters");
/** Digits only, kept as text (NBA ids have leading zeros). */
export const digits = (length?: number) =>
  refineText(
    (t) => ((length ? new RegExp(`^\\d{${length}}$`) : /^\d+$/).test(t) ? t : undefined),
    length ? `${length} digits` : "digits",
  );
export const integer = () => refineText(toInteger, "an integer");
export const optionalInteger = () => optional(toInteger, "an integer");
/** A non-negative integer (made/attempted shots, points, rebounds, …). */
export const count = () => refineText(within(toInteger, 0, Number.MAX_SAFE_INTEGER), "a non-negative integer");
/** Whole minutes between 0 and `max` (player minutes ≤ 80; team minutes 240 + overtimes). */
export const minutes = (min: number, max: number) =>
  refineText(within(toInteger, min, max), `whole minutes between ${min} and ${max}`);
export const number = () => refineText(toNumber, "a finite number");
export const optionalNumber = () => optional(toNumber, "a finite number");
/** A finite number between min and max (lines, totals, possessions). */
export const numberBetween = (min: number, max: number) =>
  refineText(within(toNumber, min, max), `a number between ${min} and ${max}`);
/** A share published as 0-1 (field-goal percentages); empty → NULL. */
export const optionalFraction = () => optional(within(toNumber, 0, 1), "a fraction between 0 and 1");
export const bool = () => refineText(toBool, "True or False");
/** YYYY-MM-DD, a real calendar date. */
export const isoDate = () => refineText(toIsoDate, "a date YYYY-MM-DD");
/** M/D/YY (US, 21st century) → YYYY-MM-DD. */
export const usShortDate = () =>
  refineText((t) => {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2})$/.exec(t);
    if (!m) return undefined;
    return toIsoDate(`20${m[3]}-${m[1]!.padStart(2, "0")}-${m[2]!.padStart(2, "0")}`);
  }, "a date M/D/YY");
/** ISO-8601 UTC instant (…Z) → the same instant as ISO text. */
export const utcTimestamp = () =>
  refineText((t) => {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/.test(t)) return undefined;
    const date = new Date(t);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }, "a UTC timestamp like 2023-10-24T23:25:44Z");
/** Season label like 2023-24 (second part = first year + 1). */
export const seasonLabel = () =>
  refineText((t) => {
    const m = /^(\d{4})-(\d{2})$/.exec(t);
    return m && (Number(m[1]) + 1) % 100 === Number(m[2]) ? t : undefined;
  }, "a season label like 2023-24");

/** The season a date belongs to: seasons run Jul 1 → Jun 30 ("2024-03-01" → "2023-24"). */
export function seasonOfDate(isoDay: string): string {
  const year = Number(isoDay.slice(0, 4));
  const month = Number(isoDay.slice(5, 7));
  const start = month >= 7 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
}

/** The largest plausible player prop line (points+rebounds+assists tops out near 100). */
export const MAX_PROP_LINE = 200;
