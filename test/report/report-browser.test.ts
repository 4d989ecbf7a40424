import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeReport } from "../../ts/report/build-report.ts";
import { type FixtureWarehouse, fixtureWarehouse } from "./fixture-warehouse.ts";

/**
 * The report opened in a real browser: Debian's chromium (installed by .ci/run), driven headless by playwright-core.
 * The screenshot goes to .nba-props/test-output/report.png (an ignored folder) for people to look at.
 */
const CHROMIUM = "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const SCREENSHOT = path.resolve(import.meta.dirname, "../../.nba-props/test-output/report.png");

const EVERY_SECTION = ["run-history", "assertions", "data", "smart-reprocessing", "predictions", "trace"];
const EVERY_PLOT = [
  "run-status",
  "latest-run-durations",
  "action-status-grid",
  "assertion-history",
  "hash-coverage",
  "rows-per-season",
  "coverage-strip",
  "injury-records",
  "precompute-failures",
  "reprocessing-per-run",
  "prediction-volume",
  "grading-mae",
  "grading-bias",
  "grading-hit-rate",
  "calibration",
  "trace-timeline",
  "trace-status",
];

describe("the report in headless chromium", () => {
  let fixture: FixtureWarehouse;
  let profile: string;
  let browser: BrowserContext;
  let page: Page;
  let html: string;

  beforeAll(async () => {
    fixture = await fixtureWarehouse("everyPhase");
    const { file } = await writeReport(fixture.warehouse, {
      outFile: path.join(fixture.dir, "report.html"),
      now: new Date("2024-01-12T08:00:00Z"),
    });
    html = fs.readFileSync(file, "utf8");
    profile = fs.mkdtempSync(path.join(os.tmpdir(), "nbap-chromium-"));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1366, height: 900 },
      offline: true,
    });
    page = await browser.newPage();
    await page.goto(`file://${file}`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
    await fixture?.cleanup();
  });

  it("is one self-contained file: no script, no external resource", () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="https?:/i);
  });

  it("shows every section, listed in the table of contents", async () => {
    expect(await page.$$eval("section[data-section]", (els) => els.map((e) => e.id))).toEqual(EVERY_SECTION);
    expect(await page.$$eval("nav.toc a", (els) => els.map((e) => e.getAttribute("href")))).toEqual(
      EVERY_SECTION.map((s) => `#${s}`),
    );
  });

  it("renders every plot as an SVG with data marks of non-zero size", async () => {
    const plots = await page.$$eval("figure[data-plot]", (figures) =>
      figures.map((f) => {
        const svg = f.querySelector("svg[role=img]") as SVGSVGElement | null;
        const dataGroups = svg
          ? [...svg.querySelectorAll("g[aria-label]")].filter((g) =>
              /^(bar|cell|line|dot|area|rect|text)$/.test(g.getAttribute("aria-label")!),
            )
          : [];
        const shapes = dataGroups.flatMap((g) => [...g.querySelectorAll("rect, path, circle, text")]);
        const box = svg?.getBoundingClientRect();
        return {
          id: f.getAttribute("data-plot"),
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          shapes: shapes.length,
          drawn: shapes.filter((s) => {
            const b = (s as SVGGraphicsElement).getBBox();
            return b.width > 0 || b.height > 0;
          }).length,
        };
      }),
    );
    expect(plots.map((p) => p.id)).toEqual(EVERY_PLOT);
    for (const p of plots) {
      expect(p.width, p.id!).toBeGreaterThan(300);
      expect(p.height, p.id!).toBeGreaterThan(50);
      expect(p.drawn, p.id!).toBeGreaterThan(0);
    }
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
  });

  it("shows the figures a person checks, formatted for people", async () => {
    const text = (id: string) => page.textContent(`section#${id}`);
    const runs = await text("run-history");
    expect(runs).toContain('Binder Error: column "pts" not found');
    const assertions = await text("assertions");
    expect(assertions).toContain("game_id=0022300061, player_id=1629029, data_hash=NULL");
    // player_game_summary: 4 rows, 3 with a hash, 2 well formed.
    expect(assertions).toMatch(/nba_analytics\.player_game_summary\s*4\s*3\s*2\s*50\.0%/);
    const reprocessing = await text("smart-reprocessing");
    expect(reprocessing).toMatch(/player_daily_cache\s*450\s*3\s*447\s*0\s*99\.3%/);
    const predictions = await text("predictions");
    // xgboost/points: 10 of 20 bets won (Wilson 95%: 29.9%-70.1%); always UNDER 12 of 20 (38.7%-78.1%); MAE 4.00, line 5.00.
    expect(predictions).toMatch(
      /points\s*xgboost\s*40\s*4\.00\s*0\.00\s*40\s*4\.00 \/ 5\.00\s*20\s*50\.0% \(29\.9%–70\.1%\)\s*60\.0% \(38\.7%–78\.1%\)/,
    );
    const trace = await text("trace");
    expect(trace).toContain("corr-daily-1");
    expect(trace).toMatch(/phase 4\s*2024-01-11 10:01:00\s*2\s*0\s*75/);
  });
});
