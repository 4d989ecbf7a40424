import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { runGraph } from "../../ts/engine/local-runner.ts";
import { ensureRawTables } from "../../ts/raw/duckdb-raw-schema.ts";
import { compileForTests } from "../analytics/fixture.ts";

/** The line rule on hand-built prop rows: latest snapshot before tip-off per book, median across books. */
let w: DuckDbWarehouse;
let dir: string;

type Prop = {
  market: string;
  type: string;
  book: string;
  event: string;
  eventDate: string;
  commence?: string;
  snapshot?: string;
  slate?: string;
  home: string;
  away: string;
  name: string;
  id: string;
  line: number;
  side?: string;
};
const props: Prop[] = [
  // game G1 (2024-11-20, NYK at BOS), event E1 tips at 00:30 UTC on the 21st; one player under two spellings
  {
    market: "points",
    type: "sportsbook",
    book: "A",
    event: "E1",
    eventDate: "2024-11-21",
    commence: "2024-11-21 00:30:00",
    snapshot: "2024-11-20 22:00:00",
    home: "BOS",
    away: "NYK",
    name: "Jayson Tatum",
    id: "1",
    line: 20.5,
  },
  {
    market: "points",
    type: "sportsbook",
    book: "A",
    event: "E1",
    eventDate: "2024-11-21",
    commence: "2024-11-21 00:30:00",
    snapshot: "2024-11-21 00:25:00",
    home: "BOS",
    away: "NYK",
    name: "Jayson Tatum",
    id: "1",
    line: 21.5,
  },
  {
    market: "points",
    type: "sportsbook",
    book: "A",
    event: "E1",
    eventDate: "2024-11-21",
    commence: "2024-11-21 00:30:00",
    snapshot: "2024-11-21 00:35:00",
    home: "BOS",
    away: "NYK",
    name: "Jayson Tatum",
    id: "1",
    line: 30,
  },
  {
    market: "points",
    type: "sportsbook",
    book: "B",
    event: "E1",
    eventDate: "2024-11-21",
    commence: "2024-11-21 00:30:00",
    snapshot: "2024-11-21 00:20:00",
    home: "BOS",
    away: "NYK",
    name: "J. Tatum Jr",
    id: "1",
    line: 22.5,
  },
  {
    market: "points",
    type: "sportsbook",
    book: "C",
    event: "E1",
    eventDate: "2024-11-21",
    commence: "2024-11-21 00:30:00",
    snapshot: "2024-11-21 00:10:00",
    home: "BOS",
    away: "NYK",
    name: "Jayson Tatum",
    id: "1",
    line: 23.5,
  },
  // DFS rebounds: PrizePicks (both sides 8.5) and Underdog's latest slate (9.5, not the older 7.5)
  {
    market: "rebounds",
    type: "dfs",
    book: "PrizePicks",
    event: "E1",
    eventDate: "2024-11-21",
    commence: "2024-11-21 00:30:00",
    slate: "2024-11-20",
    home: "BOS",
    away: "NYK",
    name: "Jayson Tatum",
    id: "1",
    line: 8.5,
    side: "over",
  },
  {
    market: "rebounds",
    type: "dfs",
    book: "PrizePicks",
    event: "E1",
    eventDate: "2024-11-21",
    commence: "2024-11-21 00:30:00",
    slate: "2024-11-20",
    home: "BOS",
    away: "NYK",
    name: "Jayson Tatum",
    id: "1",
    line: 8.5,
    side: "under",
  },
  {
    market: "rebounds",
    type: "dfs",
    book: "Underdog",
    event: "E1",
    eventDate: "2024-11-21",
    commence: "2024-11-21 00:30:00",
    slate: "2024-11-19",
    home: "BOS",
    away: "NYK",
    name: "Jayson Tatum",
    id: "1",
    line: 7.5,
    side: "over",
  },
  {
    market: "rebounds",
    type: "dfs",
    book: "Underdog",
    event: "E1",
    eventDate: "2024-11-21",
    commence: "2024-11-21 00:30:00",
    slate: "2024-11-20",
    home: "BOS",
    away: "NYK",
    name: "Jayson Tatum",
    id: "1",
    line: 9.5,
    side: "over",
  },
  // game G2 (2024-11-21, GSW at LAL) tips at 20:00 UTC: the same-day slate (assumed 21:00 UTC) is too late
  {
    market: "assists",
    type: "dfs",
    book: "PrizePicks",
    event: "E2",
    eventDate: "2024-11-21",
    commence: "2024-11-21 20:00:00",
    slate: "2024-11-21",
    home: "LAL",
    away: "GSW",
    name: "Stephen Curry",
    id: "2",
    line: 7.5,
    side: "over",
  },
  {
    market: "assists",
    type: "dfs",
    book: "PrizePicks",
    event: "E2",
    eventDate: "2024-11-21",
    commence: "2024-11-21 20:00:00",
    slate: "2024-11-20",
    home: "LAL",
    away: "GSW",
    name: "Stephen Curry",
    id: "2",
    line: 5.5,
    side: "over",
  },
  // sportsbook PRA without any tip-off time: the latest snapshot (requested at tip-off upstream)
  {
    market: "points_rebounds_assists",
    type: "sportsbook",
    book: "A",
    event: "E3",
    eventDate: "2024-11-20",
    snapshot: "2024-11-20 23:00:00",
    home: "BOS",
    away: "NYK",
    name: "Jayson Tatum",
    id: "1",
    line: 35.5,
  },
  {
    market: "points_rebounds_assists",
    type: "sportsbook",
    book: "A",
    event: "E3",
    eventDate: "2024-11-20",
    snapshot: "2024-11-20 23:30:00",
    home: "BOS",
    away: "NYK",
    name: "Jayson Tatum",
    id: "1",
    line: 36.5,
  },
];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "nbap-lines-"));
  w = await DuckDbWarehouse.open(path.join(dir, "w.duckdb"));
  await ensureRawTables(w, "");
  await w.execute(`CREATE SCHEMA nba_analytics`);
  await w.execute(`CREATE SCHEMA nba_intermediate`);
  await w.execute(
    `CREATE TABLE nba_intermediate.team_game_rows AS SELECT * FROM (VALUES
       ('G1', DATE '2024-11-20', 'BOS', 'NYK', TRUE), ('G1', DATE '2024-11-20', 'NYK', 'BOS', FALSE),
       ('G2', DATE '2024-11-21', 'LAL', 'GSW', TRUE), ('G2', DATE '2024-11-21', 'GSW', 'LAL', FALSE)) AS t(game_id, game_date, team_abbr, opponent_team_abbr, home_game)`,
  );
  await w.execute(
    `CREATE TABLE nba_analytics.player_dim AS SELECT * FROM (VALUES ('1', 'jaysontatum'), ('2', 'stephencurry')) AS t(player_id, player_lookup)`,
  );
  let line = 1;
  for (const p of props) {
    await w.execute(
      `INSERT INTO nba_raw.player_prop_lines (market, bookmaker_type, bookmaker, event_id, event_date, commence_time, snapshot_time, slate_date,
         team_abbr_home, team_abbr_away, player_name, player_id, side, line, source_file, source_line)
       VALUES ($1, $2, $3, $4, CAST($5 AS DATE), CAST($6 AS TIMESTAMP), CAST($7 AS TIMESTAMP), CAST($8 AS DATE), $9, $10, $11, $12, $13, $14, 'test', $15)`,
      {
        params: [
          p.market,
          p.type,
          p.book,
          p.event,
          p.eventDate,
          p.commence ?? null,
          p.snapshot ?? null,
          p.slate ?? null,
          p.home,
          p.away,
          p.name,
          p.id,
          p.side ?? null,
          p.line,
          line++,
        ],
      },
    );
  }
  const graph = await compileForTests();
  const run = await runGraph(w, graph, { actions: ["prop_line_games", "pregame_prop_lines"], historySchema: null });
  if (!run.ok)
    throw new Error(
      run.outcomes
        .filter((o) => o.status !== "succeeded")
        .map((o) => `${o.name}: ${o.error}`)
        .join("; "),
    );
}, 300_000);
afterAll(async () => {
  await w?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("pregame_prop_lines", () => {
  it("one line per game, player and market: each book's latest snapshot before tip-off, median across books", async () => {
    const rows = await w.query(
      `SELECT game_id, player_id, player_lookup, market, line_value, line_source, bookmaker_count, bookmakers, snapshot_rule
       FROM nba_predictions.pregame_prop_lines ORDER BY game_id, market`,
    );
    expect(rows).toEqual([
      // books A 21.5 (00:25; the 00:35 snapshot is after tip-off), B 22.5 (other spelling, same player), C 23.5 → 22.5
      {
        game_id: "G1",
        player_id: "1",
        player_lookup: "jaysontatum",
        market: "points",
        line_value: 22.5,
        line_source: "sportsbook_median",
        bookmaker_count: 3,
        bookmakers: "A,B,C",
        snapshot_rule: "before_tip_off",
      },
      {
        game_id: "G1",
        player_id: "1",
        player_lookup: "jaysontatum",
        market: "pra",
        line_value: 36.5,
        line_source: "sportsbook_median",
        bookmaker_count: 1,
        bookmakers: "A",
        snapshot_rule: "requested_at_tip_off",
      },
      // PrizePicks 8.5 (both sides), Underdog 9.5 (latest slate) → 9.0
      {
        game_id: "G1",
        player_id: "1",
        player_lookup: "jaysontatum",
        market: "rebounds",
        line_value: 9,
        line_source: "dfs_median",
        bookmaker_count: 2,
        bookmakers: "PrizePicks,Underdog",
        snapshot_rule: "dfs_slate_21utc",
      },
      // the 20:00 UTC tip-off is before the same-day slate's assumed 21:00 snapshot: the previous day's 5.5
      {
        game_id: "G2",
        player_id: "2",
        player_lookup: "stephencurry",
        market: "assists",
        line_value: 5.5,
        line_source: "dfs_median",
        bookmaker_count: 1,
        bookmakers: "PrizePicks",
        snapshot_rule: "dfs_slate_21utc",
      },
    ]);
  });
});
