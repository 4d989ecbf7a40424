import fs from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataHash, type HashFieldType } from "../../ts/engine/data-hash.ts";
import { quoteIdent } from "../../ts/engine/dml.ts";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import { readGzipCsv } from "../analytics/source-files.ts";
import { DATA_DIR, phase4Warehouse, SEASON } from "./fixture.ts";

/**
 * Phase 4 values of real players and teams on a real date, each expected value computed here from the shipped CSV
 * files (box scores, shot zones, team game logs), never from the models' output.
 */

type Row = Record<string, unknown>;
const D = "2024-01-15";
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const sampleStd = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(sum(xs.map((x) => (x - m) ** 2)) / (xs.length - 1));
};

const require = createRequire(import.meta.url);
const hashFields = (model: string) =>
  (require(`../../includes/${model}_fields.js`) as { HASH_FIELDS: [string, HashFieldType][] }).HASH_FIELDS;

const box = readGzipCsv(`${DATA_DIR}/player_box_scores/${SEASON}.csv.gz`);
const zones = readGzipCsv(`${DATA_DIR}/shot_zones/${SEASON}.csv.gz`);
const logs = readGzipCsv(`${DATA_DIR}/team_game_logs/${SEASON}.csv.gz`);
const zoneByPlayerGame = new Map(zones.map((z) => [`${z.game_id}:${z.player_id}`, z]));
const gamesWithZones = new Set(zones.map((z) => z.game_id));

/** A player's played games of the season strictly before D (minutes, a shot or a point), oldest first. */
function gamesBefore(playerId: string) {
  return box
    .filter(
      (r) =>
        r.PLAYER_ID === playerId && r.GAME_DATE! < D && (Number(r.MIN) > 0 || Number(r.FGA) > 0 || Number(r.PTS) > 0),
    )
    .sort((a, b) => a.GAME_DATE!.localeCompare(b.GAME_DATE!))
    .map((r) => {
      const z = zoneByPlayerGame.get(`${r.GAME_ID}:${r.PLAYER_ID}`);
      const zone = (k: string) => (z ? Number(z[k]) : 0);
      return {
        date: r.GAME_DATE!,
        pts: Number(r.PTS),
        min: Number(r.MIN),
        ftm: Number(r.FTM),
        fg3a: Number(r.FG3A),
        fg3m: Number(r.FG3M),
        paintA: zone("restricted_area_fga") + zone("paint_non_ra_fga"),
        paintM: zone("restricted_area_fgm") + zone("paint_non_ra_fgm"),
        midA: zone("mid_range_fga"),
      };
    });
}

/** A team's games of the season strictly before D from the game log, oldest first, with what the opponent did. */
function teamGamesBefore(team: string) {
  return logs
    .filter((g) => (g.team_abbreviation_home === team || g.team_abbreviation_road === team) && g.game_date! < D)
    .sort((a, b) => a.game_date!.localeCompare(b.game_date!))
    .map((g) => {
      const home = g.team_abbreviation_home === team;
      const opp = home ? "road" : "home";
      const oppTeamId = home ? g.team_id_road : g.team_id_home;
      const oppShots = zones.filter((z) => z.game_id === g.game_id && z.team_id === oppTeamId);
      return {
        gameId: g.game_id!,
        won: Number(home ? g.pts_home : g.pts_road) > Number(home ? g.pts_road : g.pts_home),
        pointsAllowed: Number(home ? g.pts_road : g.pts_home),
        oppFg3a: Number(g[`fg3a_${opp}`]),
        oppFg3m: Number(g[`fg3m_${opp}`]),
        hasZones: gamesWithZones.has(g.game_id!),
        oppPaintA: sum(oppShots.map((z) => Number(z.restricted_area_fga) + Number(z.paint_non_ra_fga))),
        oppPaintM: sum(oppShots.map((z) => Number(z.restricted_area_fgm) + Number(z.paint_non_ra_fgm))),
      };
    });
}

/** The three players with the most minutes on D who had at least 10 games before D, and their teams. */
const subjects = box
  .filter((r) => r.GAME_DATE === D && gamesBefore(r.PLAYER_ID!).length >= 10)
  .sort((a, b) => Number(b.MIN) - Number(a.MIN) || a.PLAYER_ID!.localeCompare(b.PLAYER_ID!))
  .slice(0, 3)
  .map((r) => ({ id: r.PLAYER_ID!, name: r.PLAYER_NAME!, team: r.TEAM_ABBREVIATION!, gameId: r.GAME_ID! }));

let w: DuckDbWarehouse;
let dir: string;
beforeAll(async () => {
  ({ warehouse: w, dir } = await phase4Warehouse());
}, 600_000);
afterAll(async () => {
  await w?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const one = async (sql: string, params: Record<string, string>) => {
  const rows = await w.query<Row>(sql, { params });
  expect(rows).toHaveLength(1);
  return rows[0]!;
};

describe(`phase 4 on ${D}, expected values from the raw files`, () => {
  it("picks three real subjects", () => expect(subjects).toHaveLength(3));

  for (const s of subjects) {
    it(`${s.name}: daily cache and shot zones`, async () => {
      const g = gamesBefore(s.id);
      const last5 = g.slice(-5);
      const last10 = g.slice(-10);
      const pdc = await one(
        `SELECT * FROM nba_precompute.player_daily_cache WHERE player_id = $p AND cache_date = DATE '${D}'`,
        { p: s.id },
      );
      expect(num(pdc.games_played_season)).toBe(g.length);
      expect(num(pdc.points_avg_last_5)).toBeCloseTo(round(mean(last5.map((x) => x.pts)), 1), 6);
      expect(num(pdc.points_avg_last_10)).toBeCloseTo(round(mean(last10.map((x) => x.pts)), 1), 6);
      expect(num(pdc.points_avg_season)).toBeCloseTo(round(mean(g.map((x) => x.pts)), 1), 6);
      expect(num(pdc.points_std_last_10)).toBeCloseTo(round(sampleStd(last10.map((x) => x.pts)), 2), 6);
      expect(num(pdc.minutes_avg_last_10)).toBeCloseTo(round(mean(last10.map((x) => x.min)), 1), 6);
      expect(pdc.team_abbr).toBe(s.team);

      const psza = await one(
        `SELECT * FROM nba_precompute.player_shot_zone_analysis WHERE player_id = $p AND analysis_date = DATE '${D}'`,
        { p: s.id },
      );
      const paint = sum(last10.map((x) => x.paintA));
      const mid = sum(last10.map((x) => x.midA));
      const three = sum(last10.map((x) => x.fg3a));
      expect(num(psza.total_shots_last_10)).toBe(paint + mid + three);
      expect(num(psza.paint_rate_last_10)).toBeCloseTo(round((100 * paint) / (paint + mid + three), 2), 6);
      expect(num(psza.mid_range_rate_last_10)).toBeCloseTo(round((100 * mid) / (paint + mid + three), 2), 6);
      expect(num(psza.paint_pct_last_10)).toBeCloseTo(round(sum(last10.map((x) => x.paintM)) / paint, 3), 6);
      expect(num(psza.three_pt_pct_last_10)).toBeCloseTo(round(sum(last10.map((x) => x.fg3m)) / three, 3), 6);
      expect(num(psza.games_in_sample_20)).toBe(Math.min(20, g.length));
    });

    it(`${s.name}: feature store values computed from the raw files`, async () => {
      const g = gamesBefore(s.id);
      const last10 = g.slice(-10);
      const f = await one(
        `SELECT * FROM nba_predictions.ml_feature_store WHERE player_id = $p AND game_date = DATE '${D}'`,
        { p: s.id },
      );
      expect(f.game_id).toBe(s.gameId);
      const ftShare = Math.max(0, Math.min(0.5, sum(last10.map((x) => x.ftm)) / sum(last10.map((x) => x.pts))));
      expect(num(f.pct_free_throw)).toBeCloseTo(ftShare, 9);
      const diff = mean(g.slice(-3).map((x) => x.pts)) - mean(g.slice(-5, -3).map((x) => x.pts));
      const trend = diff >= 5 ? 2 : diff >= 2 ? 1 : diff <= -5 ? -2 : diff <= -2 ? -1 : 0;
      expect(num(f.recent_trend)).toBe(trend);
      const team = teamGamesBefore(s.team);
      expect(num(f.team_win_pct)).toBeCloseTo(team.filter((t) => t.won).length / team.length, 9);
      expect(num(f.points_avg_last_10)).toBeCloseTo(round(mean(last10.map((x) => x.pts)), 1), 6);
      expect(f.feature_sources).toHaveLength(25);
      expect((f.features as number[])[21]).toBeCloseTo(ftShare, 9);
      expect(String(f.latest_game_date)).toBe(g.at(-1)!.date);
    });

    it(`${s.name}'s opponent: zone defense over its last 15 games`, async () => {
      const f = await one(
        `SELECT opponent_team_abbr FROM nba_predictions.ml_feature_store WHERE player_id = $p AND game_date = DATE '${D}'`,
        { p: s.id },
      );
      const opponent = String(f.opponent_team_abbr);
      const last15 = teamGamesBefore(opponent).slice(-15);
      const withZones = last15.filter((t) => t.hasZones);
      const t = await one(
        `SELECT * FROM nba_precompute.team_defense_zone_analysis WHERE team_abbr = $t AND analysis_date = DATE '${D}'`,
        { t: opponent },
      );
      expect(num(t.games_in_sample)).toBe(15);
      expect(num(t.zone_games_in_sample)).toBe(withZones.length);
      expect(num(t.three_pt_pct_allowed_last_15)).toBeCloseTo(
        round(sum(last15.map((x) => x.oppFg3m)) / sum(last15.map((x) => x.oppFg3a)), 3),
        6,
      );
      expect(num(t.opponent_points_per_game)).toBeCloseTo(round(mean(last15.map((x) => x.pointsAllowed)), 1), 6);
      expect(num(t.paint_pct_allowed_last_15)).toBeCloseTo(
        round(sum(withZones.map((x) => x.oppPaintM)) / sum(withZones.map((x) => x.oppPaintA)), 3),
        6,
      );
      expect(num(t.paint_attempts_allowed_per_game)).toBeCloseTo(
        round(sum(withZones.map((x) => x.oppPaintA)) / withZones.length, 1),
        6,
      );
    });
  }
});

describe("data_hash computed in SQL equals the TS canonical hash of the same fields, for every phase 4 row", () => {
  const MODELS = {
    team_defense_zone_analysis: "nba_precompute",
    player_shot_zone_analysis: "nba_precompute",
    player_daily_cache: "nba_precompute",
    player_composite_factors: "nba_precompute",
    ml_feature_store: "nba_predictions",
  };
  for (const [model, schema] of Object.entries(MODELS)) {
    it(model, async () => {
      const fields = hashFields(model);
      // feature_sources_list is the hashed text form of the feature_sources array
      const select = fields.map(([c]) =>
        c === "feature_sources_list" ? "array_to_string(feature_sources, ',') AS feature_sources_list" : quoteIdent(c),
      );
      const rows = await w.query<Row>(`SELECT ${select.join(", ")}, data_hash FROM ${schema}.${quoteIdent(model)}`);
      expect(rows.length).toBeGreaterThan(100);
      const mismatches = rows.filter((r) => r.data_hash !== dataHash(fields.map(([c, t]) => [r[c] as never, t])));
      expect(mismatches.slice(0, 3)).toEqual([]);
    });
  }
});
