import type { Dirent } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nbaInjuryReport } from "../../ts/scrapers/nba-injury-report.ts";
import { nbaStatsPlayerGameLog, nbaStatsTeamGameLog } from "../../ts/scrapers/nba-stats/league-game-log.ts";
import { nbaStatsSchedule } from "../../ts/scrapers/nba-stats/schedule.ts";
import { nbaStatsShotChartDetail } from "../../ts/scrapers/nba-stats/shot-chart-detail.ts";
import { oddsApiEvents, oddsApiEventsHistory } from "../../ts/scrapers/odds-api/events.ts";
import { oddsApiGameLines, oddsApiGameLinesHistory } from "../../ts/scrapers/odds-api/game-lines.ts";
import { oddsApiPlayerProps, oddsApiPlayerPropsHistory } from "../../ts/scrapers/odds-api/player-props.ts";
import { SCRAPERS } from "../../ts/scrapers/registry.ts";
import { runScraper } from "../../ts/scrapers/run-scraper.ts";
import { MemorySink } from "../../ts/scrapers/sink.ts";
import type { AnyScraperDefinition } from "../../ts/scrapers/types.ts";
import * as fx from "./fixtures.ts";
import {
  captureLogger,
  FIXED_NOW,
  recordingSleep,
  scrapeFailure,
  send,
  TEST_ODDS_KEY,
  TestServer,
  testEnv,
} from "./helpers.ts";

/**
 * Every scraper against a local server serving real-shaped payloads: success (request, key, bytes, sink),
 * 429 then 200 (with and without Retry-After), 500s until give-up, malformed body, slow server, and
 * the Odds API key never leaving the request.
 */
interface Case {
  def: AnyScraperDefinition;
  params: Record<string, unknown>;
  path: string;
  query: Record<string, string>;
  body: () => Uint8Array;
  key: string;
  records: number;
  malformed: string;
  wrongShape?: unknown;
}

const STAMP = "20250116T093015250Z";
const json = (v: unknown) => new Uint8Array(Buffer.from(JSON.stringify(v)));
const SNAP = "2025-01-15T22:00:00Z";

const CASES: Case[] = [
  {
    def: nbaStatsPlayerGameLog,
    params: { date: "2025-01-15" },
    path: "/stats/leaguegamelog",
    query: {
      PlayerOrTeam: "P",
      Season: "2024-25",
      SeasonType: "Regular Season",
      DateFrom: "01/15/2025",
      DateTo: "01/15/2025",
      LeagueID: "00",
    },
    body: () => json(fx.playerGameLog()),
    key: `nba-stats/league-game-log-players/2025-01-15/season=2024-25/season-type=regular-season/${STAMP}.json`,
    records: 2,
    malformed: '{"resultSets": [{"name": "LeagueGameLog", "headers": ["SEASON_ID"',
    wrongShape: {
      resultSets: [{ name: "LeagueGameLog", headers: fx.PLAYER_LOG_HEADERS, rowSet: [["22024", 1629655]] }],
    },
  },
  {
    def: nbaStatsTeamGameLog,
    params: { season: "2024-25" },
    path: "/stats/leaguegamelog",
    query: { PlayerOrTeam: "T", Season: "2024-25", DateFrom: "", DateTo: "" },
    body: () => json(fx.teamGameLog()),
    key: `nba-stats/league-game-log-teams/2024-25/season=2024-25/season-type=regular-season/${STAMP}.json`,
    records: 2,
    malformed: "<html><body>Access Denied</body></html>",
    wrongShape: { resultSets: [{ name: "LeagueGameLog", headers: ["SEASON_ID", "TEAM_ID"], rowSet: [] }] },
  },
  {
    def: nbaStatsShotChartDetail,
    params: { gameId: "0022400061" },
    path: "/stats/shotchartdetail",
    query: { GameID: "0022400061", Season: "2024-25", ContextMeasure: "FGA", PlayerID: "0", TeamID: "0" },
    body: () => json(fx.shotChart()),
    key: `nba-stats/shot-chart-detail/2024-25/season=2024-25/season-type=regular-season/game=0022400061/${STAMP}.json`,
    records: 3,
    malformed: "",
    wrongShape: { resultSets: [{ name: "LeagueAverages", headers: [], rowSet: [] }] },
  },
  {
    def: nbaStatsSchedule,
    params: { season: "2024" },
    path: "/stats/scheduleleaguev2int",
    query: { Season: "2024-25", LeagueID: "00" },
    body: () => json(fx.schedule()),
    key: `nba-stats/schedule/2024-25/${STAMP}.json`,
    records: 1,
    malformed: "null garbage",
    wrongShape: {
      leagueSchedule: {
        seasonYear: "2024-25",
        leagueId: "00",
        gameDates: [{ gameDate: "x", games: [{ gameId: 22400061 }] }],
      },
    },
  },
  {
    def: oddsApiEvents,
    params: { date: "2025-01-15" },
    path: "/v4/sports/basketball_nba/events",
    query: { apiKey: TEST_ODDS_KEY, commenceTimeFrom: "2025-01-15T05:00:00Z", commenceTimeTo: "2025-01-16T04:59:59Z" },
    body: () => json(fx.oddsEvents()),
    key: `odds-api/events/2025-01-15/${STAMP}.json`,
    records: 2,
    malformed: "[{",
    wrongShape: { message: "unexpected" },
  },
  {
    def: oddsApiEventsHistory,
    params: { date: "2025-01-15", snapshot: SNAP },
    path: "/v4/historical/sports/basketball_nba/events",
    query: { apiKey: TEST_ODDS_KEY, date: SNAP },
    body: () => json(fx.historicalWrap(fx.oddsEvents())),
    key: `odds-api/events-history/2025-01-15/snapshot=20250115T220000Z/${STAMP}.json`,
    records: 2,
    malformed: "{",
    wrongShape: fx.oddsEvents(),
  },
  {
    def: oddsApiPlayerProps,
    params: { date: "2025-01-15", eventId: fx.EVENT_A },
    path: `/v4/sports/basketball_nba/events/${fx.EVENT_A}/odds`,
    query: { apiKey: TEST_ODDS_KEY, markets: "player_points", regions: "us", oddsFormat: "american" },
    body: () => json(fx.eventOdds()),
    key: `odds-api/player-props/2025-01-15/event=${fx.EVENT_A}/markets=player_points/regions=us/${STAMP}.json`,
    records: 2,
    malformed: "not json",
    // The structure is checked whole; a bad value (e.g. price "-115") is the loader's per-record rejection instead.
    wrongShape: {
      ...fx.oddsEvents([fx.EVENT_A])[0],
      bookmakers: [
        {
          key: "draftkings",
          title: "DraftKings",
          markets: [{ key: "player_points", outcomes: { name: "Over", price: -115 } }],
        },
      ],
    },
  },
  {
    def: oddsApiPlayerPropsHistory,
    params: {
      date: "2025-01-15",
      eventId: fx.EVENT_A,
      snapshot: "2025-01-15T17:00:00-05:00",
      markets: "player_points,player_rebounds",
    },
    path: `/v4/historical/sports/basketball_nba/events/${fx.EVENT_A}/odds`,
    query: { apiKey: TEST_ODDS_KEY, date: SNAP, markets: "player_points,player_rebounds" },
    body: () => json(fx.historicalWrap(fx.eventOdds())),
    key: `odds-api/player-props-history/2025-01-15/event=${fx.EVENT_A}/markets=player_points,player_rebounds/regions=us/snapshot=20250115T220000Z/${STAMP}.json`,
    records: 2,
    malformed: '{"timestamp": ',
    wrongShape: fx.eventOdds(),
  },
  {
    def: oddsApiGameLines,
    params: { date: "2025-01-15" },
    path: "/v4/sports/basketball_nba/odds",
    query: {
      apiKey: TEST_ODDS_KEY,
      markets: "spreads,totals",
      regions: "us",
      commenceTimeFrom: "2025-01-15T05:00:00Z",
    },
    body: () => json(fx.gameLines()),
    key: `odds-api/game-lines/2025-01-15/markets=spreads,totals/regions=us/${STAMP}.json`,
    records: 8,
    malformed: "[",
    wrongShape: [{ id: fx.EVENT_A }],
  },
  {
    def: oddsApiGameLinesHistory,
    params: { date: "2025-01-15", snapshot: SNAP, bookmakers: "fanduel,draftkings" },
    path: "/v4/historical/sports/basketball_nba/odds",
    query: { apiKey: TEST_ODDS_KEY, date: SNAP, bookmakers: "draftkings,fanduel" },
    body: () => json(fx.historicalWrap(fx.gameLines())),
    key: `odds-api/game-lines-history/2025-01-15/markets=spreads,totals/bookmakers=draftkings,fanduel/snapshot=20250115T220000Z/${STAMP}.json`,
    records: 8,
    malformed: "}",
    wrongShape: fx.historicalWrap({ not: "a list" }),
  },
  {
    def: nbaInjuryReport,
    params: { date: "2025-01-15", hour: "5", period: "pm" },
    path: "/referee/injury/Injury-Report_2025-01-15_05PM.pdf",
    query: {},
    body: () => fx.injuryReportPdf(),
    key: `nba-injury-report/pdf/2025-01-15/report=05PM/${STAMP}.pdf`,
    records: 1,
    malformed: "<!DOCTYPE html><html><body>Not Found</body></html>",
  },
];

let server: TestServer;
beforeAll(async () => {
  server = await new TestServer().start();
});
afterAll(async () => {
  await server.close();
});

async function setup(env: Record<string, string> = {}) {
  const t = await testEnv(server.baseUrl, env);
  const log = captureLogger();
  const sleep = recordingSleep();
  const sink = new MemorySink();
  const deps = {
    config: t.config,
    archive: t.archive,
    logger: log.logger,
    sink,
    sleep: sleep.sleep,
    random: () => 1,
    now: () => FIXED_NOW,
    correlationId: "00000000-0000-4000-8000-000000000001",
  };
  return { t, log, sleep, sink, deps };
}

/** Every file the archive wrote (payloads and metadata), as text. */
async function archiveFilesText(root: string): Promise<string> {
  let out = "";
  const walk = async (dir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      out += p + "\n";
      if (e.isDirectory()) await walk(p);
      else out += (await readFile(p)).toString("latin1") + "\n";
    }
  };
  await walk(root);
  return out;
}

async function expectNoSecret(ctx: Awaited<ReturnType<typeof setup>>, error?: unknown) {
  expect(ctx.log.text()).not.toContain(TEST_ODDS_KEY);
  if (error instanceof Error) expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(TEST_ODDS_KEY);
  expect(await archiveFilesText(ctx.t.config.rawArchiveDir)).not.toContain(TEST_ODDS_KEY);
  expect(JSON.stringify(ctx.sink.delivered)).not.toContain(TEST_ODDS_KEY);
}

it("the registry holds every scraper of this suite", () => {
  expect([...SCRAPERS.keys()].sort()).toEqual(CASES.map((c) => c.def.name).sort());
});

describe.each(CASES)("$def.name", (c) => {
  it("fetches, archives the payload unchanged under the deterministic key, and delivers it", async () => {
    const ctx = await setup();
    const body = c.body();
    server.handle((_req, res) => send(res, 200, body, { "x-requests-remaining": "480", "x-requests-used": "20" }));
    try {
      const result = await runScraper(c.def, c.params, ctx.deps);
      expect(server.requests).toHaveLength(1);
      const req = server.requests[0]!;
      expect(req.url.pathname).toBe(c.path);
      for (const [k, v] of Object.entries(c.query)) expect(req.url.searchParams.get(k), k).toBe(v);
      expect(result).toMatchObject({
        status: "ok",
        attempts: 1,
        archiveKey: c.key,
        bytes: body.byteLength,
        delivered: true,
      });
      expect(result.summary.records).toBe(c.records);
      const stored = await ctx.t.archive.get(c.key);
      expect(Buffer.from(stored!.bytes).equals(Buffer.from(body))).toBe(true);
      expect(stored!.metadata).toMatchObject({
        scraper: c.def.name,
        loaderKind: c.def.loaderKind,
        correlationId: "00000000-0000-4000-8000-000000000001",
        fetchedAt: FIXED_NOW.toISOString(),
        httpStatus: "200",
      });
      expect(ctx.sink.delivered).toEqual([
        expect.objectContaining({
          scraper: c.def.name,
          loaderKind: c.def.loaderKind,
          archiveKey: c.key,
          correlationId: "00000000-0000-4000-8000-000000000001",
          fetchedAt: FIXED_NOW.toISOString(),
        }),
      ]);
      if (c.def.source === "odds-api") {
        expect(req.url.searchParams.get("apiKey")).toBe(TEST_ODDS_KEY); // the key does reach the API…
        expect(stored!.metadata["x-requests-remaining"]).toBe("480");
        expect(stored!.metadata.url).toContain("apiKey=[redacted]");
      }
      await expectNoSecret(ctx); // …and nothing else
      // Same params + same fetch time → same key; identical bytes → no-op.
      const again = await runScraper(c.def, c.params, ctx.deps);
      expect(again.archiveKey).toBe(c.key);
      expect(again.created).toBe(false);
    } finally {
      await ctx.t.cleanup();
    }
  });

  it("retries a 429 after the Retry-After wait, then succeeds", async () => {
    const ctx = await setup();
    server.handle((_req, res, i) =>
      i === 0 ? send(res, 429, '{"message":"Too many requests"}', { "retry-after": "2" }) : send(res, 200, c.body()),
    );
    try {
      const result = await runScraper(c.def, c.params, ctx.deps);
      expect(result.attempts).toBe(2);
      expect(server.requests).toHaveLength(2);
      expect(ctx.sleep.waits).toEqual([2000]);
      await expectNoSecret(ctx);
    } finally {
      await ctx.t.cleanup();
    }
  });

  it("retries a 429 without Retry-After using the exponential backoff", async () => {
    const ctx = await setup();
    server.handle((_req, res, i) => (i < 2 ? send(res, 429, "") : send(res, 200, c.body())));
    try {
      const result = await runScraper(c.def, c.params, ctx.deps);
      expect(result.attempts).toBe(3);
      expect(ctx.sleep.waits).toEqual([1000, 2000]);
    } finally {
      await ctx.t.cleanup();
    }
  });

  it("gives up after 500s with growing, capped waits and archives nothing", async () => {
    const ctx = await setup({ NBA_PROPS_HTTP_MAX_RETRIES: "4", NBA_PROPS_HTTP_BACKOFF_CAP_MS: "3000" });
    server.handle((_req, res) => send(res, 500, '{"error":"internal"}'));
    try {
      const error = await scrapeFailure(runScraper(c.def, c.params, ctx.deps));
      expect(error.kind).toBe("retries_exhausted");
      expect(error.attempts).toBe(5);
      expect(error.message).toContain("gave up after 5 attempts");
      expect(error.message).toContain("HTTP 500");
      expect(server.requests).toHaveLength(5);
      expect(ctx.sleep.waits).toEqual([1000, 2000, 3000, 3000]);
      expect(await ctx.t.archive.list("")).toEqual([]);
      expect(ctx.sink.delivered).toEqual([]);
      await expectNoSecret(ctx, error);
    } finally {
      await ctx.t.cleanup();
    }
  });

  it("rejects a malformed body with a clear error and keeps the raw bytes under rejected/", async () => {
    const ctx = await setup();
    server.handle((_req, res) => send(res, 200, c.malformed));
    try {
      const error = await scrapeFailure(runScraper(c.def, c.params, ctx.deps));
      expect(error.kind).toBe("validation");
      expect(error.message).toContain(`${c.def.name}: malformed payload`);
      expect(error.archiveKey).toBe(`rejected/${c.key}`);
      const kept = await ctx.t.archive.get(`rejected/${c.key}`);
      expect(Buffer.from(kept!.bytes).toString()).toBe(c.malformed);
      expect(kept!.metadata.rejectedReason).toBeTruthy();
      expect(await ctx.t.archive.exists(c.key)).toBe(false);
      expect(ctx.sink.delivered).toEqual([]);
      expect(server.requests).toHaveLength(1); // a malformed body is not retried
      await expectNoSecret(ctx, error);
    } finally {
      await ctx.t.cleanup();
    }
  });

  it("times out on a slow server, retries, then fails", async () => {
    const ctx = await setup({ NBA_PROPS_HTTP_TIMEOUT_MS: "150", NBA_PROPS_HTTP_MAX_RETRIES: "1" });
    server.handle(async (_req, res) => {
      await server.delay(5000);
      send(res, 200, c.body());
    });
    const started = Date.now();
    try {
      const error = await scrapeFailure(runScraper(c.def, c.params, ctx.deps));
      expect(Date.now() - started).toBeLessThan(3000);
      expect(error.kind).toBe("retries_exhausted");
      expect(error.message).toContain("timeout after 150 ms");
      expect(error.attempts).toBe(2);
      expect(ctx.sleep.waits).toEqual([1000]);
      await expectNoSecret(ctx, error);
    } finally {
      await ctx.t.cleanup();
    }
  });
});

describe.each(CASES.filter((c) => c.wrongShape !== undefined))("$def.name (JSON shape)", (c) => {
  it("rejects valid JSON of the wrong shape", async () => {
    const ctx = await setup();
    server.handle((_req, res) => send(res, 200, JSON.stringify(c.wrongShape)));
    try {
      const error = await scrapeFailure(runScraper(c.def, c.params, ctx.deps));
      expect(error.kind).toBe("validation");
      expect(error.message).toContain("unexpected JSON shape");
      expect(await ctx.t.archive.list("rejected/")).toEqual([`rejected/${c.key}`]);
    } finally {
      await ctx.t.cleanup();
    }
  });
});
