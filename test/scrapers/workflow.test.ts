import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mapWithLimit } from "../../ts/scrapers/limit.ts";
import { NAMED_WORKFLOWS, runNamedWorkflow } from "../../ts/scrapers/named-workflows.ts";
import { MemorySink } from "../../ts/scrapers/sink.ts";
import { runWorkflow } from "../../ts/scrapers/workflow.ts";
import * as fx from "./fixtures.ts";
import { captureLogger, recordingSleep, send, sendJson, TestServer, testEnv } from "./helpers.ts";

let server: TestServer;
beforeAll(async () => {
  server = await new TestServer().start();
});
afterAll(async () => {
  await server.close();
});

async function make(env: Record<string, string> = {}) {
  const t = await testEnv(server.baseUrl, env);
  const log = captureLogger();
  const sink = new MemorySink();
  return {
    t,
    log,
    sink,
    deps: { config: t.config, archive: t.archive, logger: log.logger, sink, sleep: recordingSleep().sleep },
  };
}

const propsInvocations = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    scraper: "odds-api-player-props",
    params: { date: "2025-01-15", eventId: `${String(i).padStart(2, "0")}${fx.EVENT_A.slice(2)}` },
  }));

describe("mapWithLimit", () => {
  it("never exceeds the limit and keeps the order", async () => {
    let inFlight = 0;
    let max = 0;
    const out = await mapWithLimit([5, 1, 4, 2, 3, 0], 3, async (ms, i) => {
      inFlight++;
      max = Math.max(max, inFlight);
      await new Promise((r) => setTimeout(r, ms * 5));
      inFlight--;
      return i;
    });
    expect(out).toEqual([0, 1, 2, 3, 4, 5]);
    expect(max).toBe(3);
  });
});

describe("runWorkflow", () => {
  it.each([1, 2, 3])("runs scrapers in parallel with at most %i requests in flight at the server", async (limit) => {
    server.handle(async (req, res) => {
      await server.delay(60);
      const id = new URL(req.url!, server.baseUrl).pathname.split("/")[5]!;
      sendJson(res, fx.eventOdds(id));
    });
    const { t, deps, sink } = await make({ NBA_PROPS_SCRAPE_CONCURRENCY: String(limit) });
    try {
      const summary = await runWorkflow("props", propsInvocations(6), deps);
      expect(summary.ok).toBe(true);
      expect(summary.concurrency).toBe(limit);
      expect(server.requests).toHaveLength(6);
      expect(server.maxInFlight).toBe(limit);
      expect(sink.delivered).toHaveLength(6);
      expect(new Set(sink.delivered.map((d) => d.correlationId))).toEqual(new Set([summary.correlationId]));
    } finally {
      await t.cleanup();
    }
  });

  it("one failure does not stop the others, and the summary says which failed", async () => {
    server.handle((req, res) => {
      const id = new URL(req.url!, server.baseUrl).pathname.split("/")[5]!;
      if (id.startsWith("02")) return send(res, 422, '{"message":"Invalid event"}');
      if (id.startsWith("04")) return send(res, 200, "{broken");
      sendJson(res, fx.eventOdds(id));
    });
    const { t, deps } = await make();
    try {
      const invocations = [...propsInvocations(5), { scraper: "no-such-scraper", params: {} }];
      const summary = await runWorkflow("props", invocations, deps, { concurrency: 2 });
      expect(summary.ok).toBe(false);
      expect(summary.succeeded).toBe(3);
      const failedIds = summary.failed;
      expect(failedIds).toHaveLength(3);
      expect(failedIds[0]).toMatch(/^odds-api-player-props\[02/);
      expect(failedIds[1]).toMatch(/^odds-api-player-props\[04/);
      expect(failedIds[2]).toBe("no-such-scraper");
      const byKind = Object.fromEntries(summary.outcomes.filter((o) => o.errorKind).map((o) => [o.label, o.errorKind]));
      expect(Object.values(byKind).sort()).toEqual(["http_status", "params", "validation"]);
      const ok = summary.outcomes.find((o) => o.status === "ok")!;
      expect(ok).toMatchObject({ attempts: 1 });
      expect(ok.bytes).toBeGreaterThan(0);
      expect(ok.archiveKey).toMatch(/^odds-api\/player-props\/2025-01-15\//);
      expect(ok.durationMs).toBeGreaterThanOrEqual(0);
    } finally {
      await t.cleanup();
    }
  });
});

describe("named workflows", () => {
  it("betting-lines fetches events, then props per event and the game lines in parallel", async () => {
    server.handle(async (req, res) => {
      const p = new URL(req.url!, server.baseUrl).pathname;
      if (p.endsWith("/events")) return sendJson(res, fx.oddsEvents());
      if (p.endsWith("/odds") && p.includes("/events/")) {
        await server.delay(50);
        return sendJson(res, fx.eventOdds(p.split("/")[5]));
      }
      if (p.endsWith("/basketball_nba/odds")) {
        await server.delay(50);
        return sendJson(res, fx.gameLines());
      }
      send(res, 404, "{}");
    });
    const { t, deps, sink } = await make({ NBA_PROPS_SCRAPE_CONCURRENCY: "3" });
    try {
      const summary = await runNamedWorkflow(NAMED_WORKFLOWS.get("betting-lines")!, { date: "2025-01-15" }, deps);
      expect(summary.ok).toBe(true);
      expect(summary.outcomes.map((o) => o.label)).toEqual([
        "odds-api-events",
        `odds-api-player-props[${fx.EVENT_A}]`,
        `odds-api-player-props[${fx.EVENT_B}]`,
        "odds-api-game-lines",
      ]);
      expect(server.maxInFlight).toBe(3);
      expect(sink.delivered.map((d) => d.loaderKind).sort()).toEqual([
        "odds_events",
        "odds_game_lines",
        "odds_player_props",
        "odds_player_props",
      ]);
    } finally {
      await t.cleanup();
    }
  });

  it("post-game runs the three box-score scrapers of a date", async () => {
    server.handle((req, res) => {
      const u = new URL(req.url!, server.baseUrl);
      if (u.pathname.endsWith("/shotchartdetail")) return sendJson(res, fx.shotChart());
      return sendJson(res, u.searchParams.get("PlayerOrTeam") === "T" ? fx.teamGameLog() : fx.playerGameLog());
    });
    const { t, deps } = await make();
    try {
      const summary = await runNamedWorkflow(NAMED_WORKFLOWS.get("post-game")!, { date: "2025-01-15" }, deps);
      expect(summary.ok).toBe(true);
      expect(summary.outcomes.map((o) => o.archiveKey?.split("/").slice(0, 3).join("/"))).toEqual([
        "nba-stats/league-game-log-players/2025-01-15",
        "nba-stats/league-game-log-teams/2025-01-15",
        "nba-stats/shot-chart-detail/2025-01-15",
      ]);
    } finally {
      await t.cleanup();
    }
  });
});
