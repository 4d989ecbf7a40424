import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nbaInjuryReport } from "../../ts/scrapers/nba-injury-report.ts";
import { nbaStatsPlayerGameLog } from "../../ts/scrapers/nba-stats/league-game-log.ts";
import { nbaStatsShotChartDetail } from "../../ts/scrapers/nba-stats/shot-chart-detail.ts";
import { oddsApiEvents } from "../../ts/scrapers/odds-api/events.ts";
import { oddsApiPlayerProps } from "../../ts/scrapers/odds-api/player-props.ts";
import { easternDayUtcRange, easternReportSlot, seasonOfDate } from "../../ts/scrapers/params.ts";
import { runScraper } from "../../ts/scrapers/run-scraper.ts";
import { MemorySink } from "../../ts/scrapers/sink.ts";
import * as fx from "./fixtures.ts";
import {
  captureLogger,
  FIXED_NOW,
  recordingSleep,
  scrapeFailure,
  send,
  sendJson,
  TEST_ODDS_KEY,
  TestServer,
  testEnv,
} from "./helpers.ts";

let server: TestServer;
beforeAll(async () => {
  server = await new TestServer().start();
});
afterAll(async () => {
  await server.close();
});

async function withEnv<T>(
  env: Record<string, string>,
  fn: (ctx: Awaited<ReturnType<typeof make>>) => Promise<T>,
): Promise<T> {
  const ctx = await make(env);
  try {
    return await fn(ctx);
  } finally {
    await ctx.t.cleanup();
  }
}

async function make(env: Record<string, string>) {
  const t = await testEnv(server.baseUrl, env);
  const log = captureLogger();
  const sink = new MemorySink();
  const deps = {
    config: t.config,
    archive: t.archive,
    logger: log.logger,
    sink,
    sleep: recordingSleep().sleep,
    now: () => FIXED_NOW,
  };
  return { t, log, sink, deps };
}

describe("calendar rules", () => {
  it("maps an Eastern game date to a UTC range across DST", () => {
    expect(easternDayUtcRange("2025-01-15")).toEqual({ from: "2025-01-15T05:00:00Z", to: "2025-01-16T04:59:59Z" });
    expect(easternDayUtcRange("2025-04-10")).toEqual({ from: "2025-04-10T04:00:00Z", to: "2025-04-11T03:59:59Z" });
    expect(easternDayUtcRange("2024-11-03")).toEqual({ from: "2024-11-03T04:00:00Z", to: "2024-11-04T04:59:59Z" }); // 25 h day
    expect(easternDayUtcRange("2025-03-09")).toEqual({ from: "2025-03-09T05:00:00Z", to: "2025-03-10T03:59:59Z" }); // 23 h day
  });

  it("derives the season (October start) and the injury report slot", () => {
    expect(seasonOfDate("2024-10-22")).toBe("2024-25");
    expect(seasonOfDate("2025-04-13")).toBe("2024-25");
    expect(easternReportSlot(new Date("2025-01-15T22:10:00Z"))).toEqual({ hour: 5, period: "PM" });
    expect(easternReportSlot(new Date("2025-01-15T05:10:00Z"))).toEqual({ hour: 12, period: "AM" });
  });
});

describe("parameters", () => {
  it("invalid parameters fail before any request, naming the scraper and the problem", async () => {
    server.handle((_req, res) => send(res, 200, "{}"));
    await withEnv({}, async ({ deps }) => {
      const bad = await scrapeFailure(runScraper(nbaStatsPlayerGameLog, { date: "2025-02-30" }, deps));
      expect(bad.kind).toBe("params");
      expect(bad.message).toContain("nba-stats-player-game-log: invalid parameters");
      expect(bad.message).toContain("not a calendar date");
      expect((await scrapeFailure(runScraper(nbaStatsPlayerGameLog, {}, deps))).message).toContain(
        "give a date or a season",
      );
      expect((await scrapeFailure(runScraper(nbaStatsPlayerGameLog, { season: "2024-26" }, deps))).message).toContain(
        'should be "2024-25"',
      );
      expect(
        (await scrapeFailure(runScraper(nbaStatsShotChartDetail, { gameId: "22400061" }, deps))).message,
      ).toContain("10-digit");
      expect(
        (await scrapeFailure(runScraper(oddsApiPlayerProps, { date: "2025-01-15", eventId: "../etc" }, deps))).kind,
      ).toBe("params");
      expect(
        (await scrapeFailure(runScraper(nbaInjuryReport, { date: "2025-01-15", hour: 13, period: "PM" }, deps)))
          .message,
      ).toContain("1..12");
      expect(server.requests).toHaveLength(0);
    });
  });
});

describe("odds-api specifics", () => {
  it("a missing ODDS_API_KEY is a config error and nothing is requested", async () => {
    server.handle((_req, res) => sendJson(res, []));
    await withEnv({ ODDS_API_KEY: "" }, async ({ deps }) => {
      const error = await scrapeFailure(runScraper(oddsApiEvents, { date: "2025-01-15" }, deps));
      expect(error.kind).toBe("config");
      expect(error.message).toContain("ODDS_API_KEY is not set");
      expect(server.requests).toHaveLength(0);
    });
  });

  it("204 (no markets posted yet) is no_data: nothing archived, nothing delivered", async () => {
    server.handle((_req, res) => {
      res.writeHead(204, { "x-requests-remaining": "10" });
      res.end();
    });
    await withEnv({}, async ({ deps, t, sink }) => {
      const result = await runScraper(oddsApiPlayerProps, { date: "2025-01-15", eventId: fx.EVENT_A }, deps);
      expect(result).toMatchObject({ status: "no_data", httpStatus: 204, attempts: 1, delivered: false });
      expect(result.archiveKey).toBeUndefined();
      expect(await t.archive.list("")).toEqual([]);
      expect(sink.delivered).toEqual([]);
    });
  });

  it("bookmakers replace regions in the request and in the key", async () => {
    server.handle((_req, res) => sendJson(res, fx.eventOdds()));
    await withEnv({}, async ({ deps }) => {
      const r = await runScraper(
        oddsApiPlayerProps,
        { date: "2025-01-15", eventId: fx.EVENT_A, bookmakers: "fanduel,draftkings", markets: ["player_points"] },
        deps,
      );
      const q = server.requests[0]!.url.searchParams;
      expect(q.get("bookmakers")).toBe("draftkings,fanduel");
      expect(q.has("regions")).toBe(false);
      expect(r.archiveKey).toContain("/bookmakers=draftkings,fanduel/");
    });
  });

  it("a 401 (bad key) fails at once without retrying and without the key in the error", async () => {
    server.handle((_req, res) => send(res, 401, `{"message":"API key is not valid: ${TEST_ODDS_KEY}"}`));
    await withEnv({}, async ({ deps, log }) => {
      const error = await scrapeFailure(runScraper(oddsApiEvents, { date: "2025-01-15" }, deps));
      expect(error).toMatchObject({ kind: "http_status", status: 401, attempts: 1 });
      expect(error.message).toContain("odds-api: HTTP 401");
      expect(error.message).not.toContain(TEST_ODDS_KEY);
      expect(log.text()).not.toContain(TEST_ODDS_KEY);
      expect(server.requests).toHaveLength(1);
    });
  });

  it("the events summary exposes the event ids for the fan-out", async () => {
    server.handle((_req, res) => sendJson(res, fx.oddsEvents()));
    await withEnv({}, async ({ deps }) => {
      const r = await runScraper(oddsApiEvents, { date: "2025-01-15" }, deps);
      expect(r.summary.eventIds).toEqual([fx.EVENT_A, fx.EVENT_B]);
    });
  });
});

describe("injury report specifics", () => {
  it("404 (report not published) is no_data", async () => {
    server.handle((_req, res) => send(res, 404, "<Error><Code>NoSuchKey</Code></Error>"));
    await withEnv({}, async ({ deps, t }) => {
      const r = await runScraper(nbaInjuryReport, { date: "2025-01-15", hour: 5, period: "PM" }, deps);
      expect(r.status).toBe("no_data");
      expect(await t.archive.list("")).toEqual([]);
    });
  });

  it("a truncated PDF is rejected and kept under rejected/", async () => {
    const pdf = fx.injuryReportPdf();
    server.handle((_req, res) => send(res, 200, pdf.subarray(0, pdf.byteLength - 40)));
    await withEnv({}, async ({ deps, t }) => {
      const error = await scrapeFailure(
        runScraper(nbaInjuryReport, { date: "2025-01-15", hour: 5, period: "PM" }, deps),
      );
      expect(error.message).toContain("PDF is truncated");
      expect(await t.archive.list("rejected/nba-injury-report/")).toHaveLength(1);
    });
  });
});

describe("sink", () => {
  it("a failing sink fails the run but the payload stays archived (replayable)", async () => {
    server.handle((_req, res) => sendJson(res, fx.oddsEvents()));
    await withEnv({}, async ({ deps, t }) => {
      const sink = { deliver: async () => Promise.reject(new Error("loader down")) };
      const error = await scrapeFailure(runScraper(oddsApiEvents, { date: "2025-01-15" }, { ...deps, sink }));
      expect(error.kind).toBe("deliver");
      expect(error.message).toContain('delivery to loader "odds_events" failed: loader down');
      expect(await t.archive.exists(error.archiveKey!)).toBe(true);
    });
  });

  it("a correlation id is born per run when none is passed", async () => {
    server.handle((_req, res) => sendJson(res, fx.oddsEvents()));
    await withEnv({}, async ({ deps, sink }) => {
      const r = await runScraper(oddsApiEvents, { date: "2025-01-15" }, deps);
      expect(r.correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(sink.delivered[0]?.correlationId).toBe(r.correlationId);
    });
  });
});
