/**
 * BigQuery job labels: keys and values of lowercase letters, digits, `_` and `-`, at most 63 characters. Anything
 * else (e.g. the dot of `schema.table`) becomes `_`, so an action's name still identifies its jobs.
 */
export function jobLabels(labels: Record<string, string | undefined>): Record<string, string> {
  const clean = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, "_")
      .slice(0, 63);
  const out: Record<string, string> = { app: "nba-props" };
  for (const [key, value] of Object.entries(labels)) if (value) out[clean(key)] = clean(value);
  return out;
}
