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
const toNumber = (text: string): number | undefined =>
  /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : undefined;
const toIsoDate = (text: string): string | undefined => (isRealDate(text) ? text : undefined);
const toBool = (text: string): boolean | undefined =>
  ({ true: true, false: false })[text.toLowerCase() as "true" | "false"];

export function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Non-empty text, trimmed. */
export const text = () => refineText((t) => (t === "" ? undefined : t), "a non-empty value");
/** Text, trimmed; empty → NULL. */
export const optionalText = () => z.string().transform((raw) => (raw.trim() === "" ? null : raw.trim()));
/** Digits only, kept as text (NBA ids have leading zeros). */
export const digits = (length?: number) =>
  refineText(
    (t) => ((length ? new RegExp(`^\\d{${length}}$`) : /^\d+$/).test(t) ? t : undefined),
    length ? `${length} digits` : "digits",
  );
export const integer = () => refineText(toInteger, "an integer");
export const optionalInteger = () => optional(toInteger, "an integer");
export const number = () => refineText(toNumber, "a number");
export const optionalNumber = () => optional(toNumber, "a number");
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
