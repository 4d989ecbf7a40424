import { Command } from "commander";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { registerScrapeCommand, type ScrapeCommandOptions } from "../../ts/cli/commands/scrape.ts";
import { LocalRawArchive } from "../../ts/raw/local-archive.ts";
import { MemorySink } from "../../ts/scrapers/sink.ts";
import * as fx from "./fixtures.ts";
import { recordingSleep, sendJson, TEST_ODDS_KEY, type TestEnv, TestServer, testEnv } from "./helpers.ts";

let server: TestServer;
let env: TestEnv;
const ENV_KEYS = [
  "NBA_STATS_BASE_URL",
  "ODDS_API_BASE_URL",
  "NBA_INJURY_BASE_URL",
  "ODDS_API_KEY",
  "NBA_PROPS_LOG_LEVEL",
  "NBA_PROPS_HOME",
  "NBA_PROPS_RUNTIME",
];
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  server = await new TestServer().start();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  env = await testEnv(server.baseUrl);
  for (const k of ENV_KEYS) saved[k] = process.env[k];
  Object.assign(process.env, {
    NBA_STATS_BASE_URL: `${server.baseUrl}/stats`,
    ODDS_API_BASE_URL: `${server.baseUrl}/v4`,
    NBA_INJURY_BASE_URL: `${server.baseUrl}/referee/injury`,
    ODDS_API_KEY: TEST_ODDS_KEY,
    NBA_PROPS_LOG_LEVEL: "silent",
    NBA_PROPS_HOME: ".nba-props",
    NBA_PROPS_RUNTIME: "local",
  });
  process.exitCode = undefined;
});
afterEach(async () => {
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  process.exitCode = undefined;
  await env.cleanup();
});

async function cli(
  args: string[],
  options: ScrapeCommandOptions = {},
): Promise<{ out: string; exitCode: number | undefined }> {
  let out = "";
  const program = new Command("nba-props").exitOverride();
  registerScrapeCommand(program, {
    sleep: recordingSleep().sleep,
    ...options,
    write: (t) => {
      out += t;
    },
  });
  await program.parseAsync(["node", "nba-props", "scrape", ...args]);
  const exitCode = process.exitCode === undefined ? undefined : Number(process.exitCode);
  process.exitCode = undefined;
  return { out, exitCode };
}

describe("nba-props scrape", () => {
  it("--list shows every scraper and workflow", async () => {
    const { out, exitCode } = await cli(["--list"]);
    for (const name of [
      "nba-stats-player-game-log",
      "nba-stats-shot-chart",
      "odds-api-player-props-history",
      "nba-injury-report",
      "betting-lines",
      "post-game",
    ]) {
      expect(out).toContain(name);
    }
    expect(exitCode).toBeUndefined();
  });

  it("an unknown source is an error listing the valid ones", async () => {
    const { out, exitCode } = await cli(["nba-stats-boxscore"]);
    expect(out).toContain('unknown source "nba-stats-boxscore"; valid sources:');
    expect(out).toContain("nba-stats-team-game-log");
    expect(exitCode).toBe(1);
  });

  it("scrapes a source into the project's archive and hands it to the sink", async () => {
    server.handle((_req, res) => sendJson(res, fx.playerGameLog()));
    let closed = 0;
    const sink = Object.assign(new MemorySink(), { close: async () => void closed++ });
    const { out, exitCode } = await cli(["nba-stats-player-game-log", "--date", "2025-01-15", "--project", env.dir], {
      sinkFactory: (_ctx, archive) => {
        expect(archive.kind).toBe("local");
        return sink;
      },
    });
    expect(closed).toBe(1);
    expect(exitCode).toBeUndefined();
    expect(out).toMatch(
      /^ok {6}nba-stats-player-game-log \(1 attempt, \d+ bytes, 2 records\) → nba-stats\/league-game-log-players\/2025-01-15\//m,
    );
    const keys = await new LocalRawArchive(env.config.rawArchiveDir).list("nba-stats/");
    expect(keys).toHaveLength(1);
    expect(sink.delivered[0]?.archiveKey).toBe(keys[0]);
    expect(server.requests[0]!.url.searchParams.get("Season")).toBe("2024-25");
  });

  it("--json prints the summary; failures set exit code 1", async () => {
    server.handle((_req, res) => sendJson(res, { message: "not the events list" }));
    const { out, exitCode } = await cli(["odds-api-events", "--date", "2025-01-15", "--json", "--project", env.dir]);
    const summary = JSON.parse(out);
    expect(summary).toMatchObject({ workflow: "odds-api-events", ok: false, failed: ["odds-api-events"] });
    expect(summary.outcomes[0].errorKind).toBe("validation");
    expect(out).not.toContain(TEST_ODDS_KEY);
    expect(exitCode).toBe(1);
  });

  it("fails fast with 'cannot reach <host>' when the network is unreachable", async () => {
    delete process.env.NBA_STATS_BASE_URL; // the real default host
    let calls = 0;
    const offline = (async () => {
      calls++;
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("getaddrinfo ENOTFOUND stats.nba.com"), { code: "ENOTFOUND" }),
      });
    }) as typeof fetch;
    const started = Date.now();
    const { out, exitCode } = await cli(["nba-stats-schedule", "--season", "2024-25", "--project", env.dir], {
      fetch: offline,
    });
    expect(out).toContain("cannot reach stats.nba.com (ENOTFOUND)");
    expect(exitCode).toBe(1);
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("a missing ODDS_API_KEY is reported clearly", async () => {
    process.env.ODDS_API_KEY = "";
    server.handle((_req, res) => sendJson(res, fx.gameLines()));
    const { out, exitCode } = await cli(["odds-api-game-lines", "--date", "2025-01-15", "--project", env.dir]);
    expect(out).toContain("ODDS_API_KEY is not set");
    expect(exitCode).toBe(1);
    expect(server.requests).toHaveLength(0);
  });

  it("invalid options are reported with the scraper's parameter error", async () => {
    const { out, exitCode } = await cli(["nba-stats-shot-chart", "--game-id", "123", "--project", env.dir]);
    expect(out).toContain("nba-stats-shot-chart: invalid parameters");
    expect(exitCode).toBe(1);
  });
});
