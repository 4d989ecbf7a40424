import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { Command } from "commander";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { registerScrapeCommand } from "../../ts/cli/commands/scrape.ts";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { loadRawFiles, loadRawPayload } from "../../ts/raw/load-raw.ts";
import { payloadKind } from "../../ts/raw/payload-kinds.ts";
import { warehouseLoaderSink } from "../../ts/scrapers/loader-sink.ts";
import { resultSetsPayload } from "../../ts/scrapers/nba-stats/common.ts";
import { teamGameLogRecords, toCsv } from "../../ts/scrapers/raw-records.ts";
import { getScraper } from "../../ts/scrapers/registry.ts";
import { runScraper } from "../../ts/scrapers/run-scraper.ts";
import { REFERENCE_FILES } from "../raw/helpers.ts";
import * as fx from "./fixtures.ts";
import {
  captureLogger,
  recordingSleep,
  scrapeFailure,
  send,
  sendJson,
  type TestEnv,
  TestServer,
  testEnv,
} from "./helpers.ts";

const PROJECT_DIR = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

let server: TestServer;
let env: TestEnv;
let warehouse: DuckDbWarehouse;

beforeAll(async () => {
  server = await new TestServer().start();
  warehouse = await DuckDbWarehouse.open(":memory:");
  expect(
    (
      await loadRawFiles(warehouse, REFERENCE_FILES, {
        datasetPrefix: "",
        quarantineDir: path.join(PROJECT_DIR, ".unused"),
      })
    ).ok,
  ).toBe(true);
});
afterAll(async () => {
  await server.close();
  await warehouse.close();
});
beforeEach(async () => {
  env = await testEnv(server.baseUrl, { NBA_PROPS_HTTP_MAX_RETRIES: "0" });
});
afterEach(async () => {
  await env.cleanup();
});

const sinkFor = () => warehouseLoaderSink(warehouse, env.config, env.archive);

describe("2. neutral-site games in a team game log", () => {
  it("a game whose two rows carry the same MATCHUP loads; a game with one row is rejected, not dropped", async () => {
    const base = fx.teamGameLog();
    const [dal, uta] = base.resultSets[0]!.rowSet as unknown[][];
    const game = (id: string, home: unknown[], road: unknown[], homeMatchup: string, roadMatchup: string) => [
      Object.assign([...home], { 4: id, 6: homeMatchup }),
      Object.assign([...road], { 4: id, 6: roadMatchup }),
    ];
    const rows = [];
    for (let i = 0; i < 9; i++) rows.push(...game(`00224001${10 + i}`, dal!, uta!, "DAL vs. UTA", "UTA @ DAL"));
    rows.push(...game("0022400147", uta!, dal!, "UTA vs. DAL", "UTA vs. DAL")); // neutral site: one string for both
    rows.push(Object.assign([...dal!], { 4: "0022400199" })); // only one team row
    const set = resultSetsPayload("LeagueGameLog", []).parse({
      ...base,
      resultSets: [{ ...base.resultSets[0], rowSet: rows }],
    });
    const columns = payloadKind("team_game_logs").columns;
    const records = teamGameLogRecords(set, "2024-25", columns);
    expect(records).toHaveLength(11);
    const neutral = records.find((r) => r.game_id === "0022400147")!;
    expect([
      neutral.team_abbreviation_home,
      neutral.team_abbreviation_road,
      neutral.pts_home,
      neutral.pts_road,
    ]).toEqual(["UTA", "DAL", 102, 110]);

    const result = await loadRawPayload(
      warehouse,
      {
        kind: "team_game_logs",
        sourceName: "nba-stats/team-log/neutral",
        content: Buffer.from(toCsv(columns, records)),
      },
      { datasetPrefix: "", quarantineDir: path.join(env.dir, "quarantine") },
    );
    expect(result).toMatchObject({ status: "loaded", rowsRead: 11, rowsLoaded: 10, rowsRejected: 1 });
    expect(result.errors[0]).toMatch(/^nba-stats\/team-log\/neutral:12: field team_id_road: /);
  });
});

describe("8. odds payloads and scrape outcomes", () => {
  it("one bad outcome price rejects only that record; the scrape says so and exits 1", async () => {
    const lines = fx.gameLines();
    lines[0]!.bookmakers[0]!.markets[0]!.outcomes[0]!.price = "abc" as unknown as number;
    server.handle((_req, res) => sendJson(res, lines));
    const result = await runScraper(
      getScraper("odds-api-game-lines")!,
      { date: "2025-01-15" },
      {
        config: env.config,
        archive: env.archive,
        logger: captureLogger().logger,
        sink: sinkFor(),
        sleep: recordingSleep().sleep,
      },
    );
    expect(result.status).toBe("ok");
    expect(result.loaded).toMatchObject({ records: 8, loaded: 7, rejected: 1 });
    expect(result.loaded!.errors[0]).toMatch(/:2: field price: expected an integer, got "abc"$/);

    let out = "";
    const program = new Command("nba-props").exitOverride();
    registerScrapeCommand(program, {
      sleep: recordingSleep().sleep,
      write: (t) => {
        out += t;
      },
      sinkFactory: () => sinkFor(),
    });
    const saved = { ...process.env };
    Object.assign(process.env, {
      ODDS_API_BASE_URL: `${server.baseUrl}/v4`,
      ODDS_API_KEY: "k3y-5ecret-0dds-api-7f1e9a",
      NBA_PROPS_LOG_LEVEL: "silent",
    });
    try {
      await program.parseAsync([
        "node",
        "nba-props",
        "scrape",
        "odds-api-game-lines",
        "--date",
        "2025-01-15",
        "--project",
        env.dir,
      ]);
      expect(out).toMatch(
        /^REJECTED odds-api-game-lines \(1 attempt, \d+ bytes, 8 records\): 1 record\(s\) rejected and quarantined/m,
      );
      expect(out).toMatch(/1 with rejected records \(odds-api-game-lines\)/);
      expect(process.exitCode).toBe(1);
    } finally {
      process.env = saved;
      process.exitCode = undefined;
    }
  });

  it("a body past the per-payload limit is refused while streaming, nothing archived", async () => {
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024, 0x20));
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    server.handle((_req, res) =>
      send(res, 200, bomb, { "content-type": "application/json", "content-encoding": "gzip" }),
    );
    const limited = await testEnv(server.baseUrl, {
      NBA_PROPS_HTTP_MAX_RETRIES: "0",
      NBA_PROPS_MAX_PAYLOAD_BYTES: String(1024 * 1024),
    });
    try {
      const error = await scrapeFailure(
        runScraper(
          getScraper("odds-api-game-lines")!,
          { date: "2025-01-15" },
          { config: limited.config, archive: limited.archive, logger: captureLogger().logger },
        ),
      );
      expect(error.kind).toBe("too_large");
      expect(error.message).toMatch(/larger than 1048576 bytes \(the limit per payload\): refused/);
      expect(await limited.archive.list("")).toEqual([]);
    } finally {
      await limited.cleanup();
    }
  });
});

describe("3. the API key appears nowhere", () => {
  // Characters URL encoding changes (+ ! ( ) space) and a marker no partial spelling can avoid.
  const KEY = "k3y+s3cretMARK!(x) y";
  const forms = [
    KEY,
    encodeURIComponent(KEY),
    new URLSearchParams({ k: KEY }).toString().slice(2),
    encodeURIComponent(KEY).replace(/[!()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    Buffer.from(KEY).toString("base64").replace(/=+$/, ""),
    "s3cretMARK",
  ];

  function filesUnder(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  }

  it("not on stdout, stderr, logs, archive (bodies and metadata), quarantine or warehouse", async () => {
    const echo = (url: string) =>
      `key=${KEY} url=${url} enc=${encodeURIComponent(KEY)} b64=${Buffer.from(KEY).toString("base64")}`;
    server.handle((req, res) => {
      const scenario = new URL(req.url!, server.baseUrl).searchParams.get("markets");
      const headers = { "x-requests-remaining": KEY, "x-requests-used": encodeURIComponent(KEY) };
      if (scenario === "spreads")
        return send(res, 200, `<html>not json ${echo(req.url!)}</html>`, { ...headers, "content-type": "text/html" });
      if (scenario === "totals") return send(res, 401, `{"message":"bad key ${echo(req.url!)}"}`, headers);
      const lines = fx.gameLines();
      lines[0]!.bookmakers[0]!.markets[0]!.outcomes[0]!.name = KEY; // a record that is rejected and quarantined
      lines[0]!.bookmakers[0]!.title = `Book ${encodeURIComponent(KEY)}`;
      return sendJson(res, lines, headers);
    });
    const home = path.join(env.dir, ".nba-props");
    const childEnv = {
      ...process.env,
      NBA_PROPS_HOME: home,
      ODDS_API_BASE_URL: `${server.baseUrl}/v4`,
      ODDS_API_KEY: KEY,
      NBA_PROPS_LOG_LEVEL: "debug",
      NBA_PROPS_HTTP_MAX_RETRIES: "0",
    };
    const cli = async (args: string[]) => {
      try {
        const { stdout, stderr } = await run(
          process.execPath,
          [path.join(PROJECT_DIR, "bin/nba-props.js"), ...args, "--project", env.dir],
          { env: childEnv },
        );
        return { stdout, stderr, code: 0 };
      } catch (error) {
        const e = error as { stdout: string; stderr: string; code: number };
        return { stdout: e.stdout, stderr: e.stderr, code: e.code };
      }
    };
    const outputs = [await cli(["load", REFERENCE_FILES[0]!])];
    for (const markets of ["spreads", "totals", "h2h"])
      outputs.push(await cli(["scrape", "odds-api-game-lines", "--date", "2025-01-15", "--markets", markets]));
    expect(outputs.map((o) => o.code)).toEqual([0, 1, 1, 1]);
    expect(outputs[1]!.stdout).toMatch(/FAILED {2}odds-api-game-lines: .*malformed payload/);
    expect(outputs[2]!.stdout).toMatch(/FAILED {2}odds-api-game-lines: .*HTTP 401/);
    expect(outputs[3]!.stdout).toMatch(/REJECTED odds-api-game-lines/);
    expect(outputs[1]!.stdout + outputs[2]!.stdout).toContain("[redacted]");

    const texts: [string, string][] = outputs.flatMap(
      (o, i) =>
        [
          [`stdout ${i}`, o.stdout],
          [`stderr ${i}`, o.stderr],
        ] as [string, string][],
    );
    const files = filesUnder(home);
    expect(files.some((f) => f.includes(`${path.sep}quarantine${path.sep}`))).toBe(true);
    expect(files.some((f) => f.includes(`${path.sep}rejected${path.sep}`))).toBe(true);
    for (const f of files) texts.push([f, fs.readFileSync(f).toString("latin1")]);
    for (const [where, text] of texts)
      for (const form of forms) expect(text.includes(form), `${JSON.stringify(form)} in ${where}`).toBe(false);
  }, 180_000);
});
