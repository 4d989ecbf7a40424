import { z } from "zod";

/** Shared parameter schemas and the calendar rules (NBA season, US Eastern day). */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const dateParam = z
  .string()
  .regex(ISO_DATE, "expected YYYY-MM-DD")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "not a calendar date");

/** `2024-25` (or the start year `2024`, normalised to `2024-25`). */
export const seasonParam = z
  .string()
  .regex(/^\d{4}(-\d{2})?$/, "expected a season like 2024-25")
  .transform((s, ctx) => {
    const start = Number(s.slice(0, 4));
    const season = `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
    if (s.length === 7 && s !== season) {
      ctx.addIssue({ code: "custom", message: `season "${s}" should be "${season}"` });
      return z.NEVER;
    }
    return season;
  });

/** NBA game id: 10 digits with leading zeros (e.g. 0022400061). */
export const gameIdParam = z.string().regex(/^\d{10}$/, "expected a 10-digit NBA game id like 0022400061");

/** Odds API event id (32 hex chars in practice; any 6..64 alphanumerics accepted). */
export const eventIdParam = z.string().regex(/^[A-Za-z0-9]{6,64}$/, "expected an Odds API event id");

/** An ISO-8601 UTC instant for historical snapshots, normalised to `YYYY-MM-DDTHH:MM:SSZ`. */
export const snapshotParam = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), "expected an ISO timestamp like 2025-01-15T22:00:00Z")
  .transform((s) => new Date(s).toISOString().replace(/\.\d{3}Z$/, "Z"));

export const seasonTypeParam = z.enum(["Regular Season", "Playoffs", "PlayIn", "Pre Season"]).default("Regular Season");

/** Odds API market/bookmaker/region lists: comma-separated or arrays, normalised to a sorted unique list. */
export function listParam(itemPattern: RegExp, fallback: string[]) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => {
      const items = v === undefined ? fallback : Array.isArray(v) ? v : v.split(",");
      return [...new Set(items.map((s) => s.trim()).filter(Boolean))].sort();
    })
    .refine((items) => items.length > 0 && items.every((s) => itemPattern.test(s)), "invalid list item");
}

/** NBA season of a date: October or later → that year's season, else the previous year's (reference rule). */
export function seasonOfDate(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const start = month >= 10 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
}

/** `2025-01-15` → `01/15/2025` (NBA stats DateFrom/DateTo format). */
export function nbaStatsDate(date: string): string {
  return `${date.slice(5, 7)}/${date.slice(8, 10)}/${date.slice(0, 4)}`;
}

const ET = "America/New_York";

/** Minutes to add to UTC to get Eastern time at instant `t` (−300 in winter, −240 in summer). */
function easternOffsetMinutes(t: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: ET,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(t);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - t.getTime()) / 60_000);
}

/** UTC instant of Eastern midnight starting `date`. */
function easternMidnightUtc(date: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`);
  // The offset at midnight can differ from the one at noon on DST days: refine once with the candidate's own offset.
  let candidate = new Date(wall - easternOffsetMinutes(new Date(`${date}T12:00:00Z`)) * 60_000);
  candidate = new Date(wall - easternOffsetMinutes(candidate) * 60_000);
  return candidate;
}

/**
 * The US Eastern calendar day `date` as a UTC range [from, to] (to = last second), in the Odds API's
 * `YYYY-MM-DDTHH:MM:SSZ` form. NBA game dates are Eastern dates; a 22:00 ET tip is next day in UTC.
 */
export function easternDayUtcRange(date: string): { from: string; to: string } {
  const start = easternMidnightUtc(date);
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const end = new Date(easternMidnightUtc(next).getTime() - 1000);
  const fmt = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
  return { from: fmt(start), to: fmt(end) };
}

/** Eastern calendar date of an instant (default: today in ET). */
export function easternDate(t: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: ET, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    t,
  );
}

/** The injury report slot (hour 1–12 + AM/PM) of the Eastern hour containing `t`. */
export function easternReportSlot(t: Date): { hour: number; period: "AM" | "PM" } {
  const h24 = Number(new Intl.DateTimeFormat("en-US", { timeZone: ET, hour: "2-digit", hourCycle: "h23" }).format(t));
  return { hour: h24 % 12 === 0 ? 12 : h24 % 12, period: h24 < 12 ? "AM" : "PM" };
}
