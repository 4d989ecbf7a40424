/**
 * The archive key rule (docs/scrapers.md):
 *
 *   <source>/<kind>/<partition>/<name=value>/…/<fetch stamp><ext>
 *
 * - partition: the game date (YYYY-MM-DD) when the request is for a date, else the season (YYYY-YY);
 * - then the remaining request parameters as `name=value` segments in a fixed order per scraper
 *   (list values sorted and joined by ","); secrets are never parameters, so never in a key;
 * - fetch stamp: the UTC fetch time `YYYYMMDDTHHMMSSmmmZ`, so snapshots sort chronologically.
 * Rejected payloads (malformed body) go to the same key under the `rejected/` prefix.
 */
export const REJECTED_PREFIX = "rejected/";

export function fetchStamp(t: Date): string {
  return t.toISOString().replace(/[-:]/g, "").replace(".", "");
}

export function segment(name: string, value: string | number | readonly string[]): string {
  const text = Array.isArray(value) ? value.join(",") : String(value);
  return `${name}=${text}`;
}

export function archiveKey(parts: readonly string[], fetchedAt: Date, extension: string): string {
  return `${parts.join("/")}/${fetchStamp(fetchedAt)}${extension}`;
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
