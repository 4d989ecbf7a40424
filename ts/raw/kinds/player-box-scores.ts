import { z } from "zod";
import { count, digits, integer, isoDate, minutes, optionalFraction, seasonLabel, text } from "../fields.ts";
import { definePayloadKind, folderPattern, type RowContext } from "../payload-kind.ts";
import { normalizePlayerName } from "../player-key.ts";
import { tricodeForIdAndCode } from "./team-fields.ts";

/** NBA stats LeagueGameLog (player mode) rows: player_box_scores/{season}.csv.gz. */
const record = z.object({
  SEASON_ID: digits(),
  PLAYER_ID: digits(),
  PLAYER_NAME: text(),
  TEAM_ID: digits(),
  TEAM_ABBREVIATION: text(),
  TEAM_NAME: text(),
  GAME_ID: digits(10),
  GAME_DATE: isoDate(),
  MATCHUP: text(),
  WL: z.enum(["W", "L"]),
  MIN: minutes(0, 80),
  PTS: count(),
  FGM: count(),
  FGA: count(),
  FG_PCT: optionalFraction(),
  FG3M: count(),
  FG3A: count(),
  FG3_PCT: optionalFraction(),
  FTM: count(),
  FTA: count(),
  FT_PCT: optionalFraction(),
  OREB: count(),
  DREB: count(),
  REB: count(),
  AST: count(),
  STL: count(),
  BLK: count(),
  TOV: count(),
  PF: count(),
  PLUS_MINUS: integer(),
  SEASON_LABEL: seasonLabel(),
});

const MATCHUP = /^([A-Z]{2,4}) (vs\.|@) ([A-Z]{2,4})$/;

/** "CLE vs. IND": CLE at home; "MIA @ ATL": MIA away at ATL. Undefined when unparseable or a team is unknown. */
function homeAndAway(matchup: string, context: RowContext): { home: string; away: string } | undefined {
  const m = MATCHUP.exec(matchup);
  const first = m && context.teams.byTricode(m[1]!);
  const second = m && context.teams.byTricode(m[3]!);
  if (!m || !first || !second) return undefined;
  return m[2] === "vs." ? { home: first, away: second } : { home: second, away: first };
}

export const playerBoxScores = definePayloadKind({
  name: "player_box_scores",
  table: "player_box_scores",
  pathPattern: folderPattern("player_box_scores"),
  schema: record,
  needs: ["teams"],
  loadOrder: 1,
  toRow(r, context) {
    const teamAbbr = tricodeForIdAndCode(
      context,
      { idField: "TEAM_ID", codeField: "TEAM_ABBREVIATION" },
      r.TEAM_ID,
      r.TEAM_ABBREVIATION,
    );
    const sides = homeAndAway(r.MATCHUP, context);
    let isHome: boolean | null = null;
    let opponent: string | null = null;
    if (!sides) {
      context.reject(
        "MATCHUP",
        `expected "HOME vs. AWAY" or "AWAY @ HOME" with known tricodes, got ${JSON.stringify(r.MATCHUP)}`,
      );
    } else if (teamAbbr) {
      // Usually the player's team comes first; on neutral-site games NBA.com writes one matchup for both teams.
      if (teamAbbr !== sides.home && teamAbbr !== sides.away) {
        context.reject("MATCHUP", `matchup ${JSON.stringify(r.MATCHUP)} does not name the player's team ${teamAbbr}`);
      }
      isHome = teamAbbr === sides.home;
      opponent = isHome ? sides.away : sides.home;
    }
    return {
      season: r.SEASON_LABEL,
      season_id: r.SEASON_ID,
      game_id: r.GAME_ID,
      game_date: r.GAME_DATE,
      player_id: r.PLAYER_ID,
      player_name: r.PLAYER_NAME,
      player_lookup: normalizePlayerName(r.PLAYER_NAME),
      team_id: r.TEAM_ID,
      team_abbr: teamAbbr,
      team_name: r.TEAM_NAME,
      matchup: r.MATCHUP,
      is_home: isHome,
      opponent_team_abbr: opponent,
      wl: r.WL,
      minutes: r.MIN,
      pts: r.PTS,
      fgm: r.FGM,
      fga: r.FGA,
      fg_pct: r.FG_PCT,
      fg3m: r.FG3M,
      fg3a: r.FG3A,
      fg3_pct: r.FG3_PCT,
      ftm: r.FTM,
      fta: r.FTA,
      ft_pct: r.FT_PCT,
      oreb: r.OREB,
      dreb: r.DREB,
      reb: r.REB,
      ast: r.AST,
      stl: r.STL,
      blk: r.BLK,
      tov: r.TOV,
      pf: r.PF,
      plus_minus: r.PLUS_MINUS,
    };
  },
});
