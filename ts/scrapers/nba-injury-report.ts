import { z } from "zod";
import { archiveKey, segment } from "./archive-key.ts";
import { dateParam } from "./params.ts";
import { pdfPayload } from "./payload.ts";
import { defineScraper } from "./types.ts";

/**
 * The official NBA injury report: a PDF published several times a day at
 *   {nbaInjuryBaseUrl}/Injury-Report_<YYYY-MM-DD>_<hh><AM|PM>.pdf     (hh = 01..12, Eastern time)
 * It has no JSON form; the scraper archives the PDF bytes unchanged (checked: %PDF- header, %%EOF trailer,
 * not a "not accessible in this region" page). 403/404 = that report is not published (yet) → `no_data`
 * (the reference treated "no data" as success for this scraper too).
 */
const params = z.object({
  date: dateParam,
  hour: z.coerce.number().int().min(1, "hour is 1..12").max(12, "hour is 1..12"),
  period: z
    .string()
    .transform((s) => s.toUpperCase())
    .pipe(z.enum(["AM", "PM"])),
});
export type InjuryReportParams = z.output<typeof params>;

const slot = (p: InjuryReportParams) => `${String(p.hour).padStart(2, "0")}${p.period}`;

export const nbaInjuryReport = defineScraper<InjuryReportParams>({
  name: "nba-injury-report",
  source: "nba-injury-report",
  description: "official NBA injury report PDF of an Eastern date and report hour",
  params,
  paramHelp: "--date YYYY-MM-DD [--hour 1..12 --period AM|PM] (default: the current Eastern hour)",
  buildRequest: (p, config) => ({
    url: `${config.sources.nbaInjuryBaseUrl.replace(/\/+$/, "")}/Injury-Report_${p.date}_${slot(p)}.pdf`,
    headers: { Accept: "application/pdf", "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) nba-props" },
    secretQueryParams: [],
  }),
  payload: pdfPayload(),
  archiveKey: (p, fetchedAt) =>
    archiveKey(["nba-injury-report", "pdf", p.date, segment("report", slot(p))], fetchedAt, ".pdf"),
  loaderKind: "nba_injury_report_pdf",
  noDataStatuses: [403, 404],
});
