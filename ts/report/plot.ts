import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { escapeHtml } from "./html.ts";

/**
 * Plots are drawn by Observable Plot on a server-side DOM (linkedom) and embedded as inline SVG: the report needs
 * no script and no network to be read.
 */

/** Okabe–Ito: a categorical palette that stays distinct for the common colour-vision deficiencies. */
export const CATEGORICAL = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"];

/** Status colours: blue for good, vermillion for bad, greys for neither (never red against green). */
export const STATUS_COLORS: Record<string, string> = {
  succeeded: "#0072B2",
  passed: "#0072B2",
  failed: "#D55E00",
  error: "#CC79A7",
  skipped: "#999999",
  disabled: "#cccccc",
};

export const statusScale = (statuses: string[]) => ({
  domain: statuses,
  range: statuses.map((s) => STATUS_COLORS[s] ?? "#999999"),
  legend: true,
});

const WIDTH = 960;

export interface PlotFigure {
  id: string;
  caption: string;
  /** How many data rows the plot draws: an empty plot is replaced by a sentence. */
  rows: number;
  options: Plot.PlotOptions;
}

/** A plot as a `<figure>` with its caption, or a note when there is nothing to draw. */
export function plotFigure({ id, caption, rows, options }: PlotFigure): string {
  if (rows === 0) return `<p class="note">${escapeHtml(caption)}: no rows yet.</p>`;
  return `<figure class="plot" data-plot="${escapeHtml(id)}"><figcaption>${escapeHtml(caption)}</figcaption>${draw(caption, options).outerHTML}</figure>`;
}

/** A plot as a standalone SVG document (no legend: say in the title what the marks are). */
export function plotSvg(title: string, options: Plot.PlotOptions): string {
  const element = draw(title, options);
  if (element.tagName.toLowerCase() !== "svg") throw new Error("plotSvg: a standalone SVG cannot hold a legend");
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element.outerHTML}\n`;
}

function draw(caption: string, options: Plot.PlotOptions): Element {
  const { document } = parseHTML("<!DOCTYPE html><html><body></body></html>");
  const color = options.color ?? {};
  const ownColours = "scheme" in color || "range" in color || "type" in color;
  const element = Plot.plot({
    width: WIDTH,
    marginLeft: 60,
    style: { fontSize: "12px", fontFamily: "system-ui, sans-serif", overflow: "visible" },
    ...options,
    color: ownColours ? color : { ...color, range: CATEGORICAL },
    document,
  } as Plot.PlotOptions) as unknown as Element;
  // With a legend Plot returns a <figure> whose last <svg> child is the plot (legends come first).
  const svg =
    element.tagName.toLowerCase() === "svg"
      ? element
      : [...element.children].filter((e) => e.tagName.toLowerCase() === "svg").pop();
  svg?.setAttribute("role", "img");
  svg?.setAttribute("aria-label", caption);
  svg?.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  return element;
}

export { Plot };
