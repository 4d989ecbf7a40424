import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { loadRawFiles, type RawLoadOptions, type RawLoadSummary } from "../../ts/raw/load-raw.ts";
import { normalizePlayerName } from "../../ts/raw/player-key.ts";
import {
  crosswalk,
  DATA_DIR,
  dataFile,
  memoryWarehouse,
  REFERENCE_FILES,
  type SourceRecord,
  sourceRecords,
  sourceText,
  tempDir,
  writeGz,
} from "./helpers.ts";

// One season of every payload kind, straight from ../shared/data; expected values come from the files themselves.
const FILES = {
  box: "player_box_scores/2024-25.csv.gz",
  games: "team_game_logs/2024-25.csv.gz",
  possessions: "team_possessions/2024-25.csv.gz",
  lines: "linescores/2024-25.csv.gz",
  gameLines: "game_lines/2024-25.csv.gz",
  shots: "shot_zones/2024-25.csv.gz",
  injuries: "injuries/2024-25.csv.gz",
  pra: "props/pra_oddsapi/2024-25.csv.gz",
  dfs: "props/dfs_lines_oddsapi/2024-25.csv.gz",
};
const TABLE_OF: Record<string, string> = {
  box: "player_box_scores",
  games: "team_game_results",
  possessions: "team_possessions",
  lines: "line_scores",
  gameLines: "game_lines",
  shots: "shot_zone_splits",
  injuries: "injury_moves",
  pra: "player_prop_lines",
  dfs: "player_prop_lines",
};

let warehouse: DuckDbWarehouse;
let options: RawLoadOptions;
let quarantineRoot: string;
let first: RawLoadSummary;
const records = new Map<string, SourceRecord[]>();

const recordsOf = (key: keyof typeof FILES) => {
  if (!records.has(key)) records.set(key, sourceRecords(FILES[key]));
  return records.get(key)!;
};
const num = (text: string | undefined) => (text === undefined || text.trim() === "" ? null : Number(text));

async function rowAt(table: string, sourceFile: string, line: number): Promise<Record<string, unknown>> {
  const rows = await warehouse.query(`SELECT * FROM nba_raw.${table} WHERE source_file = $f AND source_line = $l`, {
    params: { f: sourceFile, l: line },
  });
  expect(rows, `${table} ${sourceFile}:${line}`).toHaveLength(1);
  return rows[0]!;
}

/** First, middle and last record of a file: enough to catch shifted columns and dropped tails. */
function samples(key: keyof typeof FILES): SourceRecord[] {
  const all = recordsOf(key);
  return [all[0]!, all[Math.floor(all.length / 2)]!, all[all.length - 1]!];
}

beforeAll(async () => {
  warehouse = await memoryWarehouse();
  quarantineRoot = tempDir("quarantine");
  options = { datasetPrefix: "", quarantineDir: path.join(quarantineRoot, "q"), dataDir: DATA_DIR };
  first = await loadRawFiles(warehouse, [...REFERENCE_FILES, ...Object.values(FILES).map(dataFile)], options);
}, 600_000);

afterAll(async () => {
  await warehouse?.close();
  if (quarantineRoot) fs.rmSync(quarantineRoot, { recursive: true, force: true });
});

describe("raw loaders on the shipped real data", () => {
  it("loads every file completely, without rejections", () => {
    expect(first.files.map((f) => [f.sourceFile, f.status, f.rowsRejected])).toEqual(
      first.files.map((f) => [f.sourceFile, "loaded", 0]),
    );
    expect(first.ok).toBe(true);
  });

  it("holds exactly the source's data rows for every file", async () => {
    for (const [key, relative] of Object.entries(FILES)) {
      const expected =
        sourceText(relative)
          .split("\n")
          .filter((l) => l.trim() !== "").length - 1;
      const [row] = await warehouse.query<{ n: number }>(
        `SELECT count(*) AS n FROM nba_raw.${TABLE_OF[key]} WHERE source_file = $f`,
        {
          params: { f: relative },
        },
      );
      expect(row!.n, relative).toBe(expected);
    }
  });

  it("player_box_scores: ids keep leading zeros, stats and dates as published, home/away from MATCHUP", async () => {
    for (const { line, values: r } of samples("box")) {
      const row = await rowAt("player_box_scores", FILES.box, line);
      expect(row).toMatchObject({
        game_id: r.GAME_ID,
        player_id: r.PLAYER_ID,
        team_id: r.TEAM_ID,
        team_abbr: r.TEAM_ABBREVIATION,
        game_date: r.GAME_DATE,
        season: r.SEASON_LABEL,
        minutes: Number(r.MIN),
        pts: Number(r.PTS),
        fg3a: Number(r.FG3A),
        reb: Number(r.REB),
        plus_minus: Number(r.PLUS_MINUS),
        fg_pct: num(r.FG_PCT),
        ft_pct: num(r.FT_PCT),
        is_home: r.MATCHUP!.startsWith(`${r.TEAM_ABBREVIATION} vs.`),
        player_lookup: normalizePlayerName(r.PLAYER_NAME!),
      });
      expect(String(row.game_id)).toMatch(/^00\d{8}$/);
    }
    const emptyPct = recordsOf("box").find((r) => r.values.FT_PCT === "")!;
    expect((await rowAt("player_box_scores", FILES.box, emptyPct.line)).ft_pct).toBeNull();
  });

  it("team_game_results, team_possessions, line_scores: road side becomes away, game types normalised", async () => {
    for (const { line, values: r } of samples("games")) {
      expect(await rowAt("team_game_results", FILES.games, line)).toMatchObject({
        game_id: r.game_id,
        game_date: r.game_date,
        game_type: r.game_type === "playoff" ? "playoffs" : r.game_type,
        neutral_site: r.neutral_site === "True",
        team_abbr_home: r.team_abbreviation_home,
        team_abbr_away: r.team_abbreviation_road,
        pts_home: Number(r.pts_home),
        pts_away: Number(r.pts_road),
        tov_away: Number(r.tov_road),
        ft_pct_away: num(r.ft_pct_road),
      });
    }
    for (const { line, values: r } of samples("possessions")) {
      expect(await rowAt("team_possessions", FILES.possessions, line)).toMatchObject({
        game_id: r.game_id,
        minutes_away: Number(r.minutes_road),
        possessions_home: Number(r.possessions_home),
        possessions_away: Number(r.possessions_road),
      });
    }
    for (const { line, values: r } of samples("lines")) {
      expect(await rowAt("line_scores", FILES.lines, line)).toMatchObject({
        game_id: r.game_id,
        team_nickname_home: r.team_name_home,
        pts_qtr1_away: Number(r.pts_qtr1_road),
        pts_ot_total_home: Number(r.pts_ot_total_home),
        pts_away: Number(r.pts_road),
      });
    }
  });

  it("game_lines: site codes mapped through the crosswalk, M/D/YY dates, empty lines are NULL", async () => {
    const { bySiteCode } = crosswalk();
    for (const { line, values: r } of samples("gameLines")) {
      const [m, d, y] = r.date!.split("/");
      expect(await rowAt("game_lines", FILES.gameLines, line)).toMatchObject({
        season: "2024-25",
        game_date: `20${y}-${m!.padStart(2, "0")}-${d!.padStart(2, "0")}`,
        team_abbr_home: bySiteCode.get(r.home!),
        team_abbr_away: bySiteCode.get(r.away!),
        site_code_home: r.home,
        spread: num(r.spread),
        total: Number(r.total),
        moneyline_home: num(r.moneyline_home),
        whos_favored: r.whos_favored,
      });
    }
  });

  it("shot_zone_splits: counts per zone as published, team from the crosswalk", async () => {
    const { byTeamId } = crosswalk();
    for (const { line, values: r } of samples("shots")) {
      expect(await rowAt("shot_zone_splits", FILES.shots, line)).toMatchObject({
        game_id: r.game_id,
        player_id: r.player_id,
        team_abbr: byTeamId.get(r.team_id!),
        restricted_area_fga: Number(r.restricted_area_fga),
        above_break_3_fgm: Number(r.above_break_3_fgm),
        fg3a: Number(r.fg3a),
      });
    }
  });

  it("injury_moves: bullet removed, nickname mapped, blank upstream rows kept", async () => {
    const withPlayer = recordsOf("injuries").find((r) => r.values.Player?.startsWith("•") && r.values.Relinquished)!;
    expect(await rowAt("injury_moves", FILES.injuries, withPlayer.line)).toMatchObject({
      move_date: withPlayer.values.Date,
      team_nickname: withPlayer.values.Team,
      player_name: withPlayer.values.Player!.replace(/^•\s*/, "").trim(),
      move_type: "placed",
      notes: withPlayer.values.Notes || null,
    });
    const blank = recordsOf("injuries").find((r) => !r.values.Player && !r.values.Team)!;
    expect(await rowAt("injury_moves", FILES.injuries, blank.line)).toMatchObject({
      player_name: null,
      team_abbr: null,
      move_type: null,
    });
  });

  it("player_prop_lines: both feeds in one table, players resolved to the NBA id of the box score", async () => {
    const boxIdByName = new Map(recordsOf("box").map((r) => [r.values.PLAYER_NAME!, r.values.PLAYER_ID!]));
    const pra = recordsOf("pra").find((r) => boxIdByName.has(r.values.player_name!))!;
    expect(await rowAt("player_prop_lines", FILES.pra, pra.line)).toMatchObject({
      market: "points_rebounds_assists",
      bookmaker_type: "sportsbook",
      bookmaker: pra.values.bookmaker,
      event_id: pra.values.event_id,
      event_date: pra.values.event_date,
      line: Number(pra.values.line),
      over_price: num(pra.values.over_price),
      under_price: num(pra.values.under_price),
      side: null,
      player_id: boxIdByName.get(pra.values.player_name!),
      player_match: "name",
    });
    const dfs = recordsOf("dfs").find((r) => r.values.side === "Under" && boxIdByName.has(r.values.player!))!;
    expect(await rowAt("player_prop_lines", FILES.dfs, dfs.line)).toMatchObject({
      market: String(dfs.values.market).replace("player_", ""),
      bookmaker_type: "dfs",
      side: "under",
      over_price: null,
      under_price: Number(dfs.values.price),
      event_id: dfs.values.game_id,
      upstream_file: dfs.values.source_file,
      player_id: boxIdByName.get(dfs.values.player!),
    });
  });

  it("loading the same files again changes nothing", async () => {
    const before = await warehouse.query(
      `SELECT source_file, count(*) AS n, max(loaded_at) AS at, min(source_hash) AS h FROM nba_raw.player_prop_lines GROUP BY 1 ORDER BY 1`,
    );
    const logBefore = await warehouse.query(`SELECT count(*) AS n FROM nba_raw.load_log`);
    const again = await loadRawFiles(warehouse, [...REFERENCE_FILES, ...Object.values(FILES).map(dataFile)], options);
    expect(again.files.every((f) => f.status === "unchanged")).toBe(true);
    expect(again.tables.reduce((n, t) => n + t.rowsLoaded, 0)).toBe(0);
    expect(
      await warehouse.query(
        `SELECT source_file, count(*) AS n, max(loaded_at) AS at, min(source_hash) AS h FROM nba_raw.player_prop_lines GROUP BY 1 ORDER BY 1`,
      ),
    ).toEqual(before);
    expect(await warehouse.query(`SELECT count(*) AS n FROM nba_raw.load_log`)).toEqual(logBefore);
  });

  it("a changed version of a file replaces exactly its rows; a second file for the same dates loads beside it", async () => {
    const dir = tempDir("changed");
    const lines = sourceText(FILES.gameLines).trimEnd().split("\n");
    const header = lines[0]!.split(",");
    const firstRow = lines[1]!.split(",");
    const totalAt = header.indexOf("total");
    firstRow[totalAt] = "299.5";
    writeGz(dir, FILES.gameLines, [lines[0], firstRow.join(","), ...lines.slice(2, -1)].join("\n"));
    const injuryLines = sourceText(FILES.injuries).trimEnd().split("\n");
    writeGz(dir, "injuries/2024-25-late-scrape.csv.gz", injuryLines.slice(0, 6).join("\n"));
    const otherTables = await warehouse.query(`SELECT count(*) AS n FROM nba_raw.player_box_scores`);

    const summary = await loadRawFiles(
      warehouse,
      [path.join(dir, FILES.gameLines), path.join(dir, "injuries/2024-25-late-scrape.csv.gz")],
      { ...options, dataDir: dir },
    );
    expect(summary.files.map((f) => [f.sourceFile, f.status])).toEqual([
      [FILES.gameLines, "loaded"],
      ["injuries/2024-25-late-scrape.csv.gz", "loaded"],
    ]);
    const gameLines = await warehouse.query<{ n: number; hashes: number; total: number }>(
      `SELECT count(*) AS n, count(DISTINCT source_hash) AS hashes, max(total) AS total FROM nba_raw.game_lines WHERE source_file = $f`,
      { params: { f: FILES.gameLines } },
    );
    expect(gameLines[0]).toEqual({ n: lines.length - 2, hashes: 1, total: 299.5 });
    expect(summary.files[0]!.rowsReplaced).toBe(lines.length - 1);
    const injuries = await warehouse.query<{ source_file: string; n: number }>(
      `SELECT source_file, count(*) AS n FROM nba_raw.injury_moves GROUP BY 1 ORDER BY 1`,
    );
    expect(injuries).toEqual([
      { source_file: "injuries/2024-25-late-scrape.csv.gz", n: 5 },
      { source_file: FILES.injuries, n: injuryLines.length - 1 },
    ]);
    expect(await warehouse.query(`SELECT count(*) AS n FROM nba_raw.player_box_scores`)).toEqual(otherTables);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
