import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { type FileLoadResult, loadRawFiles, loadRawPayload, type RawLoadOptions } from "../../ts/raw/load-raw.ts";
import { LocalRawArchive } from "../../ts/raw/local-archive.ts";
import { payloadKind } from "../../ts/raw/payload-kinds.ts";
import { normalizePlayerName } from "../../ts/raw/player-key.ts";
import { quarantineName } from "../../ts/raw/quarantine.ts";
import { LoaderSink, UNLOADED } from "../../ts/scrapers/loader-sink.ts";
import { resultSetsPayload } from "../../ts/scrapers/nba-stats/common.ts";
import { playerBoxScoreRecords, toCsv } from "../../ts/scrapers/raw-records.ts";
import type { ArchivedPayload } from "../../ts/scrapers/sink.ts";
import * as fx from "../scrapers/fixtures.ts";
import { memoryWarehouse, REFERENCE_FILES, sourceRecords, tempDir } from "./helpers.ts";

// Odds API payloads of the real shape (test/scrapers/fixtures.ts), archived and delivered through the same
// LoaderSink → loadRawPayload path the scrape command uses, into an in-memory DuckDB nba_raw.

const PLAYERS: [number, string][] = [
  [1628369, "Jayson Tatum"],
  [1627759, "Jaylen Brown"],
  [1628398, "Kyle Kuzma"],
  [203999, "Nikola Jokić"],
];

let warehouse: DuckDbWarehouse;
let root: string;
let archive: LocalRawArchive;
let options: RawLoadOptions;
let sink: LoaderSink;
const loads: FileLoadResult[] = [];
/** odds_api_team_name → tricode, read from the shipped crosswalk (test-side, not the loader's resolver). */
let tricodeOf: Map<string, string>;

beforeAll(async () => {
  warehouse = await memoryWarehouse();
  root = tempDir("odds-api");
  archive = new LocalRawArchive(path.join(root, "raw"));
  options = { datasetPrefix: "", quarantineDir: path.join(root, "quarantine") };
  expect((await loadRawFiles(warehouse, REFERENCE_FILES, options)).ok).toBe(true);
  // A tiny player registry: the league game log shape with the players the props name.
  const log = fx.playerGameLog();
  const template = log.resultSets[0]!.rowSet[0]!;
  log.resultSets[0]!.rowSet = PLAYERS.map(([id, name]) => Object.assign([...template], { 1: id, 2: name }));
  const set = resultSetsPayload("LeagueGameLog", []).parse(log);
  const csv = toCsv(payloadKind("player_box_scores").columns, playerBoxScoreRecords(set, "2024-25"));
  const box = await loadRawPayload(
    warehouse,
    { kind: "player_box_scores", sourceName: "test/box", content: Buffer.from(csv) },
    options,
  );
  expect(box.rowsLoaded).toBe(PLAYERS.length);
  sink = new LoaderSink(archive, async (p) => {
    const result = await loadRawPayload(warehouse, p, options);
    loads.push(result);
    return result;
  });
  tricodeOf = new Map(
    sourceRecords("reference/team_crosswalk.csv").map((r) => [r.values.odds_api_team_name!, r.values.tricode!]),
  );
});

afterAll(async () => {
  await warehouse?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

async function deliver(
  key: string,
  value: unknown,
  loaderKind: ArchivedPayload["loaderKind"],
  fetchedAt: string,
): Promise<FileLoadResult> {
  const put = await archive.put(key, new Uint8Array(Buffer.from(JSON.stringify(value))), { fetchedAt });
  const before = loads.length;
  await sink.deliver({
    scraper: "s",
    loaderKind,
    archiveKey: put.key,
    archiveUri: put.uri,
    params: { date: "2025-01-15" },
    correlationId: "c",
    // The pointer's time differs on purpose: the archive metadata's fetchedAt is the snapshot time of current odds.
    fetchedAt: "1999-01-01T00:00:00.000Z",
    contentType: "application/json",
    sha256: put.sha256,
    bytes: put.bytes,
  });
  expect(loads.length).toBe(before + 1);
  return loads[loads.length - 1]!;
}

const folder = (key: string) => key.slice(0, key.lastIndexOf("/"));
const ts = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace("T", " ")
    .replace(/\.000Z$/, "")
    .replace(/Z$/, "");
const easternDate = (iso: string) =>
  new Intl.DateTimeFormat("en-CA", {
    timeZone: "America/New_York",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(iso));

async function rowsOf(table: string, sourceFile: string): Promise<Record<string, unknown>[]> {
  const rows = await warehouse.query<Record<string, unknown>>(
    `SELECT * FROM nba_raw.${table} WHERE source_file = $f ORDER BY source_line`,
    { params: { f: sourceFile } },
  );
  // Text form of every value (TIMESTAMP/DATE/BIGINT read back differently per driver version).
  return rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        v === null
          ? null
          : v instanceof Date
            ? ts(v.toISOString())
            : typeof v === "bigint"
              ? Number(v)
              : typeof v === "object"
                ? String(v)
                : v,
      ]),
    ),
  );
}

function rejectedLines(
  table: string,
  sourceFile: string,
): { field: string; message: string; record: Record<string, string> }[] {
  const file = path.join(options.quarantineDir, table, `${quarantineName(sourceFile)}.rejected.jsonl`);
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
}

// ---- player props ----

type Outcome = { name: string; description?: string; price: unknown; point?: unknown };

function propsPayload(tatumLine = 27.5) {
  const event = fx.eventOdds(fx.EVENT_A, "player_points");
  const dk = event.bookmakers[0]!;
  const points = dk.markets[0]!;
  (points.outcomes as Outcome[]).splice(
    0,
    2,
    { name: "Over", description: "Jayson Tatum", price: -115, point: tatumLine },
    { name: "Under", description: "Jayson Tatum", price: -105, point: tatumLine },
    { name: "Over", description: "Jaylen Brown", price: -120, point: 24.5 }, // one side only
    { name: "Over", description: "Kyle Kuzma", price: "N/A", point: 18.5 }, // malformed price
    { name: "Under", description: "Kyle Kuzma", price: -110, point: 18.5 },
  );
  const bookmakers = [
    dk,
    {
      key: "fanduel",
      title: "FanDuel",
      last_update: "2025-01-15T23:04:00Z",
      markets: [
        {
          key: "player_rebounds",
          last_update: "2025-01-15T23:04:00Z",
          outcomes: [
            { name: "Under", description: "Jayson Tatum", price: 100, point: 8.5 },
            { name: "Over", description: "Jayson Tatum", price: -130, point: 8.5 },
          ],
        },
      ],
    },
  ];
  return {
    ...event,
    id: event.id!,
    commence_time: event.commence_time!,
    home_team: event.home_team!,
    away_team: event.away_team!,
    bookmakers,
  };
}

interface ExpectedProp {
  bookmaker: string;
  market: string;
  player_name: string;
  side: string | null;
  line: number;
  over_price: number | null;
  under_price: number | null;
}

/** The rows a payload should give, from its outcomes: Over+Under of one (player, line) → one row; else one per side. */
function expectedProps(event: ReturnType<typeof propsPayload>): ExpectedProp[] {
  const out: ExpectedProp[] = [];
  for (const b of event.bookmakers) {
    for (const m of b.markets) {
      const outcomes = m.outcomes as Outcome[];
      const seen = new Set<string>();
      for (const o of outcomes) {
        const key = `${o.description}|${o.point}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const same = outcomes.filter((x) => `${x.description}|${x.point}` === key);
        if (same.some((x) => typeof x.price !== "number")) continue; // quarantined
        const over = same.find((x) => x.name === "Over");
        const under = same.find((x) => x.name === "Under");
        out.push({
          bookmaker: b.title,
          market: m.key.replace("player_", ""),
          player_name: o.description!,
          side: over && under ? null : over ? "over" : "under",
          line: o.point as number,
          over_price: (over?.price as number) ?? null,
          under_price: (under?.price as number) ?? null,
        });
      }
    }
  }
  return out;
}

describe("odds-api-player-props → nba_raw.player_prop_lines", () => {
  const key1 = `odds-api/player-props/2025-01-15/event=${fx.EVENT_A}/markets=player_points,player_rebounds/regions=us/20250115T230600000Z.json`;
  const fetched1 = "2025-01-15T23:06:00.000Z";

  it("loads one row per (bookmaker, market, player, line) with resolved players and teams", async () => {
    const payload = propsPayload();
    const result = await deliver(key1, payload, "odds_player_props", fetched1);
    expect(UNLOADED).not.toContain("odds_player_props");
    expect(result).toMatchObject({
      status: "loaded",
      table: "player_prop_lines",
      kind: "odds_api_player_props",
      rowsRejected: 1,
    });
    const rows = await rowsOf("player_prop_lines", folder(key1));
    const expected = expectedProps(payload);
    expect(rows).toHaveLength(expected.length);
    expect(
      rows.map((r) => ({
        bookmaker: r.bookmaker,
        market: r.market,
        player_name: r.player_name,
        side: r.side,
        line: r.line,
        over_price: r.over_price,
        under_price: r.under_price,
      })),
    ).toEqual(expected);
    const playerIds = new Map(PLAYERS.map(([id, name]) => [name, String(id)]));
    for (const r of rows) {
      expect(r).toMatchObject({
        season: "2024-25",
        bookmaker_type: "sportsbook",
        event_id: payload.id,
        commence_time: ts(payload.commence_time),
        event_date: payload.commence_time.slice(0, 10),
        slate_date: easternDate(payload.commence_time),
        snapshot_time: ts(fetched1),
        team_name_home: payload.home_team,
        team_name_away: payload.away_team,
        team_abbr_home: tricodeOf.get(payload.home_team),
        team_abbr_away: tricodeOf.get(payload.away_team),
        player_lookup: normalizePlayerName(String(r.player_name)),
        player_id: playerIds.get(String(r.player_name)),
        player_match: "name",
        upstream_file: null,
        source_file: folder(key1),
      });
    }
    expect(rows[0]!.slate_date).toBe("2025-01-15"); // 00:30 UTC on the 16th = 19:30 ET on the 15th
  });

  it("quarantines the malformed outcome with a message naming the field", () => {
    const rejected = rejectedLines("player_prop_lines", folder(key1));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({
      field: "over_price",
      record: { player_name: "Kyle Kuzma", over_price: "N/A" },
    });
    expect(rejected[0]!.message).toMatch(/field over_price: expected an integer or empty, got "N\/A"/);
    expect(rejected[0]!.record.payload_path).toBe("[0].bookmakers[0].markets[0].outcomes[3,4]");
  });

  it("loading the same payload twice changes nothing", async () => {
    const before = await rowsOf("player_prop_lines", folder(key1));
    await sink.deliver({
      scraper: "s",
      loaderKind: "odds_player_props",
      archiveKey: key1,
      archiveUri: archive.uriFor(key1),
      params: {},
      correlationId: "c",
      fetchedAt: fetched1,
      contentType: "application/json",
      sha256: "",
      bytes: 0,
    });
    expect(await rowsOf("player_prop_lines", folder(key1))).toEqual(
      before.map((r) => ({ ...r, loaded_at: expect.anything() })),
    );
  });

  it("a re-fetch of the same current request replaces the earlier snapshot's rows", async () => {
    const key2 = key1.replace("20250115T230600000Z", "20250115T233000000Z");
    const payload = propsPayload(28.5);
    await deliver(key2, payload, "odds_player_props", "2025-01-15T23:30:00.000Z");
    const rows = await rowsOf("player_prop_lines", folder(key1));
    expect(rows).toHaveLength(expectedProps(payload).length);
    expect(new Set(rows.map((r) => r.snapshot_time))).toEqual(new Set([ts("2025-01-15T23:30:00Z")]));
    expect(rows.find((r) => r.player_name === "Jayson Tatum" && r.market === "points")?.line).toBe(28.5);
  });

  it("historical snapshots: snapshot_time = the response timestamp, each snapshot keeps its rows, same payload twice is unchanged", async () => {
    const keyOf = (snap: string) =>
      `odds-api/player-props-history/2025-01-15/event=${fx.EVENT_A}/markets=player_points/regions=us/snapshot=${snap}/20250116T093015250Z.json`;
    const clean = () => {
      const p = propsPayload();
      p.bookmakers = p.bookmakers.slice(1);
      return p;
    };
    const a = await deliver(
      keyOf("20250115T215500Z"),
      fx.historicalWrap(clean()),
      "odds_player_props_historical",
      "2025-01-16T09:30:15.250Z",
    );
    const b = await deliver(
      keyOf("20250115T220000Z"),
      fx.historicalWrap(clean(), "2025-01-15T22:00:00Z"),
      "odds_player_props_historical",
      "2025-01-16T09:30:15.250Z",
    );
    expect([a.status, a.rowsLoaded, b.status, b.rowsLoaded]).toEqual(["loaded", 1, "loaded", 1]);
    const first = await rowsOf("player_prop_lines", folder(keyOf("20250115T215500Z")));
    const second = await rowsOf("player_prop_lines", folder(keyOf("20250115T220000Z")));
    expect([first[0]!.snapshot_time, second[0]!.snapshot_time]).toEqual([
      ts("2025-01-15T21:55:00Z"),
      ts("2025-01-15T22:00:00Z"),
    ]);
    expect(first[0]).toMatchObject({
      bookmaker: "FanDuel",
      market: "rebounds",
      line: 8.5,
      over_price: -130,
      under_price: 100,
      side: null,
    });
    const again = await deliver(
      keyOf("20250115T215500Z"),
      fx.historicalWrap(clean()),
      "odds_player_props_historical",
      "2025-01-16T09:30:15.250Z",
    );
    expect(again.status).toBe("unchanged");
    expect(await rowsOf("player_prop_lines", folder(keyOf("20250115T215500Z")))).toEqual(first);
  });

  it("refuses a payload without the event-odds structure, naming the archive key", async () => {
    const key = `odds-api/player-props/2025-01-15/event=${fx.EVENT_B}/markets=player_points/regions=us/20250115T230600000Z.json`;
    await archive.put(
      key,
      new Uint8Array(Buffer.from(JSON.stringify({ ...fx.eventOdds(fx.EVENT_B), bookmakers: "none" }))),
    );
    await expect(
      sink.deliver({
        scraper: "s",
        loaderKind: "odds_player_props",
        archiveKey: key,
        archiveUri: "",
        params: {},
        correlationId: "c",
        fetchedAt: "2025-01-15T23:06:00.000Z",
        contentType: "application/json",
        sha256: "",
        bytes: 0,
      }),
    ).rejects.toThrow(`archived payload ${key} is not an Odds API event-odds payload`);
  });
});

// ---- game lines ----

function linesPayload() {
  const events = fx.gameLines();
  const [a, b] = events;
  a!.bookmakers[0]!.markets.push({
    key: "h2h",
    last_update: "2025-01-15T23:01:00Z",
    outcomes: [
      { name: a!.home_team, price: 310 },
      { name: a!.away_team, price: -400 },
    ] as { name: string; price: number; point: number }[],
  });
  (b!.bookmakers[0]!.markets[0]!.outcomes as Outcome[]).push({ name: "Seattle SuperSonics", price: -110, point: 1.5 }); // unknown team
  (b!.bookmakers[0]!.markets[1]!.outcomes as Outcome[])[1]!.price = "-1o8"; // non-numeric price
  return events;
}

describe("odds-api-game-lines → nba_raw.odds_game_line_snapshots", () => {
  const key = "odds-api/game-lines/2025-01-15/markets=h2h,spreads,totals/regions=us/20250115T230200000Z.json";
  const fetched = "2025-01-15T23:02:00.000Z";

  it("loads one row per event × bookmaker × market × outcome; bad outcomes are quarantined naming the field", async () => {
    const payload = linesPayload();
    const result = await deliver(key, payload, "odds_game_lines", fetched);
    expect(result).toMatchObject({ status: "loaded", table: "odds_game_line_snapshots", rowsRejected: 2 });
    const expected = payload.flatMap((e) =>
      e.bookmakers.flatMap((b) =>
        b.markets.flatMap((m) =>
          (m.outcomes as Outcome[])
            .filter(
              (o) => typeof o.price === "number" && (o.name === "Over" || o.name === "Under" || tricodeOf.has(o.name)),
            )
            .map((o) => {
              const team = tricodeOf.get(o.name) ?? null;
              return {
                season: "2024-25",
                game_date: easternDate(e.commence_time),
                event_id: e.id,
                commence_time: ts(e.commence_time),
                team_name_home: e.home_team,
                team_name_away: e.away_team,
                team_abbr_home: tricodeOf.get(e.home_team),
                team_abbr_away: tricodeOf.get(e.away_team),
                bookmaker_key: b.key,
                bookmaker: b.title,
                market: m.key,
                market_last_update: ts(m.last_update),
                outcome_name: o.name,
                outcome_side:
                  team === null ? o.name.toLowerCase() : team === tricodeOf.get(e.home_team) ? "home" : "away",
                outcome_team_abbr: team,
                point: (o.point as number | undefined) ?? null,
                price: o.price,
                snapshot_time: ts(fetched),
                source_file: folder(key),
              };
            }),
        ),
      ),
    );
    const rows = await rowsOf("odds_game_line_snapshots", folder(key));
    expect(rows.map(({ source_line: _l, source_hash: _h, loaded_at: _t, ...r }) => r)).toEqual(expected);
    expect(expected.map((r) => r.game_date)).toEqual(expected.map(() => "2025-01-15"));
    const rejected = rejectedLines("odds_game_line_snapshots", folder(key));
    expect(rejected.map((r) => r.field).sort()).toEqual(["outcome_name", "price"]);
    expect(rejected.find((r) => r.field === "outcome_name")!.message).toContain('unknown team "Seattle SuperSonics"');
    expect(rejected.find((r) => r.field === "price")!.message).toContain(
      'field price: expected an integer, got "-1o8"',
    );
  });

  it("loading the same payload twice changes nothing; a historical snapshot adds its own rows", async () => {
    const before = await rowsOf("odds_game_line_snapshots", folder(key));
    const clean = fx.gameLines();
    const cleanKey =
      "odds-api/game-lines/2025-01-15/markets=spreads,totals/bookmakers=fanduel/20250115T230200000Z.json";
    const first = await deliver(cleanKey, clean, "odds_game_lines", fetched);
    const second = await deliver(cleanKey, clean, "odds_game_lines", fetched);
    expect([first.status, first.rowsLoaded, second.status]).toEqual(["loaded", 8, "unchanged"]);
    const histKey =
      "odds-api/game-lines-history/2025-01-15/markets=spreads,totals/regions=us/snapshot=20250115T215500Z/20250116T093015250Z.json";
    const hist = await deliver(
      histKey,
      fx.historicalWrap(clean),
      "odds_game_lines_historical",
      "2025-01-16T09:30:15.250Z",
    );
    expect([hist.status, hist.rowsLoaded]).toEqual(["loaded", 8]);
    const histRows = await rowsOf("odds_game_line_snapshots", folder(histKey));
    expect(new Set(histRows.map((r) => r.snapshot_time))).toEqual(new Set([ts("2025-01-15T21:55:00Z")]));
    // The clean fetch carries some of the earlier payload's natural keys (same snapshot time): the latest load wins
    // them, the earlier rows move to superseded_rows, the rest stay.
    const cleanRows = await rowsOf("odds_game_line_snapshots", folder(cleanKey));
    expect(cleanRows).toHaveLength(8);
    const naturalKey = (r: Record<string, unknown>) =>
      JSON.stringify([r.event_id, r.bookmaker_key, r.market, r.outcome_name, r.point, r.snapshot_time]);
    const taken = new Set(cleanRows.map(naturalKey));
    const kept = before.filter((r) => !taken.has(naturalKey(r)));
    expect(kept.length).toBeLessThan(before.length);
    expect(await rowsOf("odds_game_line_snapshots", folder(key))).toEqual(kept);
    const [superseded] = await warehouse.query<{ n: number }>(
      `SELECT count(*) AS n FROM nba_raw.superseded_rows WHERE source_file = $f AND superseded_by = $by`,
      { params: { f: folder(key), by: folder(cleanKey) } },
    );
    expect(Number(superseded!.n)).toBe(before.length - kept.length);
  });
});
