import { z } from "zod";

/**
 * stats.nba.com shared pieces. Every stats endpoint answers
 *   {resource, parameters, resultSets: [{name, headers: string[], rowSet: unknown[][]}]}
 * (a few answer `resultSet` singular; both accepted). stats.nba.com refuses requests without browser-like
 * headers, so they are sent on every call.
 */
export const NBA_STATS_HEADERS: Record<string, string> = {
  Accept: "application/json, text/plain, */*",
  "Accept-Language": "en-US,en;q=0.9",
  Origin: "https://www.nba.com",
  Referer: "https://www.nba.com/",
  "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
  "x-nba-stats-origin": "stats",
  "x-nba-stats-token": "true",
};

const resultSet = z.object({
  name: z.string(),
  headers: z.array(z.string()),
  rowSet: z.array(z.array(z.unknown())),
});
export type ResultSet = z.infer<typeof resultSet>;

/** Schema: the payload holds result set `name` with at least `required` headers, and every row is as wide. */
export function resultSetsPayload(name: string, required: readonly string[]) {
  return z
    .object({
      resource: z.string().optional(),
      parameters: z.unknown().optional(),
      resultSets: z.array(resultSet).optional(),
      resultSet: z.union([resultSet, z.array(resultSet)]).optional(),
    })
    .transform((p, ctx) => {
      const sets = [...(p.resultSets ?? []), ...(p.resultSet === undefined ? [] : [p.resultSet].flat())];
      const set = sets.find((s) => s.name === name);
      if (!set) {
        ctx.addIssue({
          code: "custom",
          message: `result set "${name}" missing (have: ${sets.map((s) => s.name).join(", ") || "none"})`,
        });
        return z.NEVER;
      }
      const missing = required.filter((h) => !set.headers.includes(h));
      if (missing.length) {
        ctx.addIssue({
          code: "custom",
          path: ["resultSets", name, "headers"],
          message: `missing columns ${missing.join(", ")}`,
        });
        return z.NEVER;
      }
      const bad = set.rowSet.findIndex((r) => r.length !== set.headers.length);
      if (bad >= 0) {
        ctx.addIssue({
          code: "custom",
          path: ["resultSets", name, "rowSet", bad],
          message: `row has ${set.rowSet[bad]?.length} values for ${set.headers.length} headers`,
        });
        return z.NEVER;
      }
      return set;
    });
}

export function statsUrl(base: string, endpoint: string, query: Record<string, string>): string {
  const url = new URL(`${base.replace(/\/+$/, "")}/${endpoint}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url.toString();
}
