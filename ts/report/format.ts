/** Numbers formatted for people: thousands separators, sensible decimals, durations in the unit that reads best. */
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? "–" : integer.format(n);
}

export function formatNumber(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  return new Intl.NumberFormat("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

export function formatPercent(share: number | null | undefined, digits = 1): string {
  return share === null || share === undefined || !Number.isFinite(share)
    ? "–"
    : `${formatNumber(share * 100, digits)}%`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${formatNumber(ms / 1000, 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A timestamp as `YYYY-MM-DD HH:MM` UTC (warehouse timestamps are UTC). */
export function formatTime(epochMs: number | null | undefined): string {
  return epochMs === null || epochMs === undefined
    ? "–"
    : new Date(Number(epochMs)).toISOString().slice(0, 16).replace("T", " ");
}

/** NBA season label of a date: seasons run 1 July to 30 June (`2023-24`). */
export function seasonOf(year: number, month: number): string {
  const start = month >= 7 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
}

/** An action or table name short enough for an axis: no assertion dataset, middle elided (tooltips keep it whole). */
export function shortLabel(name: string, max = 48): string {
  const short = name.replace(/^[a-z_]*assertions\./, "").replace("_assertions_", " · ");
  return short.length <= max ? short : `${short.slice(0, max - 20)}…${short.slice(-19)}`;
}

/** Monday of the ISO week of a date (`YYYY-MM-DD`, UTC). */
export function weekOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}
