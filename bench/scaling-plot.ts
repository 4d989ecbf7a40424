import { Plot, plotSvg } from "../ts/report/plot.ts";
import type { ScalePoint } from "./scaling.ts";

/** docs/performance-scaling.svg: time per raw row against data size, with peak memory at each size. */
export function scalingSvg(points: ScalePoint[]): string {
  const scales = points.map((p) => p.scale);
  return plotSvg("Backfill time per raw row against data size (1× = the shipped seasons)", {
    width: 640,
    height: 340,
    style: { fontSize: "12px", fontFamily: "system-ui, sans-serif", background: "white" },
    marginTop: 40,
    marginRight: 70,
    marginLeft: 60,
    marginBottom: 45,
    grid: true,
    x: {
      type: "log",
      label: "data size (× the shipped data, log scale)",
      domain: [Math.min(...scales) / 1.3, Math.max(...scales) * 1.3],
      ticks: scales,
      tickFormat: (d: number) => `${d}×`,
    },
    y: { label: "µs per raw row", zero: true, domain: [0, Math.max(...points.map((p) => p.us_per_row)) * 1.3] },
    marks: [
      Plot.lineY(points, { x: "scale", y: "us_per_row", stroke: "#0072B2" }),
      Plot.dot(points, { x: "scale", y: "us_per_row", fill: "#0072B2", r: 4 }),
      Plot.text(points, {
        x: "scale",
        y: "us_per_row",
        text: (p: ScalePoint) => `${p.us_per_row.toFixed(0)} µs, ${p.peak_rss_mb} MB`,
        dy: -14,
        fontSize: 11,
      }),
    ],
  });
}
