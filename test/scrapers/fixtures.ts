/**
 * Payloads of the real APIs' shapes, built in the tests (values modelled on shared/data rows).
 */

// ---- stats.nba.com ----
export const PLAYER_LOG_HEADERS = [
  "SEASON_ID",
  "PLAYER_ID",
  "PLAYER_NAME",
  "TEAM_ID",
  "TEAM_ABBREVIATION",
  "TEAM_NAME",
  "GAME_ID",
  "GAME_DATE",
  "MATCHUP",
  "WL",
  "MIN",
  "FGM",
  "FGA",
  "FG_PCT",
  "FG3M",
  "FG3A",
  "FG3_PCT",
  "FTM",
  "FTA",
  "FT_PCT",
  "OREB",
  "DREB",
  "REB",
  "AST",
  "STL",
  "BLK",
  "TOV",
  "PF",
  "PTS",
  "PLUS_MINUS",
  "FANTASY_PTS",
  "VIDEO_AVAILABLE",
];

export function playerGameLog(season = "2024-25") {
  return {
    resource: "leaguegamelog",
    parameters: {
      LeagueID: "00",
      Season: season,
      SeasonType: "Regular Season",
      PlayerOrTeam: "P",
      Counter: 1000,
      Sorter: "DATE",
      Direction: "DESC",
      DateFrom: null,
      DateTo: null,
    },
    resultSets: [
      {
        name: "LeagueGameLog",
        headers: PLAYER_LOG_HEADERS,
        rowSet: [
          [
            "22024",
            1629655,
            "Daniel Gafford",
            1610612742,
            "DAL",
            "Dallas Mavericks",
            "0022400110",
            "2024-10-28",
            "DAL vs. UTA",
            "W",
            20,
            4,
            8,
            0.5,
            0,
            0,
            null,
            1,
            1,
            1.0,
            4,
            3,
            7,
            0,
            0,
            3,
            0,
            2,
            9,
            -1,
            22.4,
            1,
          ],
          [
            "22024",
            1630314,
            "Brandon Williams",
            1610612742,
            "DAL",
            "Dallas Mavericks",
            "0022400110",
            "2024-10-28",
            "DAL vs. UTA",
            "W",
            1,
            0,
            1,
            0.0,
            0,
            0,
            null,
            0,
            0,
            null,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            -5,
            0,
            1,
          ],
        ],
      },
    ],
  };
}

export const TEAM_LOG_HEADERS = [
  "SEASON_ID",
  "TEAM_ID",
  "TEAM_ABBREVIATION",
  "TEAM_NAME",
  "GAME_ID",
  "GAME_DATE",
  "MATCHUP",
  "WL",
  "MIN",
  "FGM",
  "FGA",
  "FG_PCT",
  "FG3M",
  "FG3A",
  "FG3_PCT",
  "FTM",
  "FTA",
  "FT_PCT",
  "OREB",
  "DREB",
  "REB",
  "AST",
  "STL",
  "BLK",
  "TOV",
  "PF",
  "PTS",
  "PLUS_MINUS",
  "VIDEO_AVAILABLE",
];

export function teamGameLog() {
  return {
    resource: "leaguegamelog",
    parameters: { PlayerOrTeam: "T" },
    resultSets: [
      {
        name: "LeagueGameLog",
        headers: TEAM_LOG_HEADERS,
        rowSet: [
          [
            "22024",
            1610612742,
            "DAL",
            "Dallas Mavericks",
            "0022400110",
            "2024-10-28",
            "DAL vs. UTA",
            "W",
            240,
            41,
            85,
            0.482,
            12,
            35,
            0.343,
            16,
            20,
            0.8,
            9,
            36,
            45,
            25,
            7,
            6,
            12,
            17,
            110,
            8,
            1,
          ],
          [
            "22024",
            1610612762,
            "UTA",
            "Utah Jazz",
            "0022400110",
            "2024-10-28",
            "UTA @ DAL",
            "L",
            240,
            38,
            90,
            0.422,
            11,
            40,
            0.275,
            15,
            19,
            0.789,
            12,
            30,
            42,
            21,
            6,
            4,
            14,
            20,
            102,
            -8,
            1,
          ],
        ],
      },
    ],
  };
}

export const SHOT_HEADERS = [
  "GRID_TYPE",
  "GAME_ID",
  "GAME_EVENT_ID",
  "PLAYER_ID",
  "PLAYER_NAME",
  "TEAM_ID",
  "TEAM_NAME",
  "PERIOD",
  "MINUTES_REMAINING",
  "SECONDS_REMAINING",
  "EVENT_TYPE",
  "ACTION_TYPE",
  "SHOT_TYPE",
  "SHOT_ZONE_BASIC",
  "SHOT_ZONE_AREA",
  "SHOT_ZONE_RANGE",
  "SHOT_DISTANCE",
  "LOC_X",
  "LOC_Y",
  "SHOT_ATTEMPTED_FLAG",
  "SHOT_MADE_FLAG",
  "GAME_DATE",
  "HTM",
  "VTM",
];

export function shotChart() {
  return {
    resource: "shotchartdetail",
    parameters: {
      LeagueID: "00",
      Season: "2024-25",
      SeasonType: "Regular Season",
      TeamID: 0,
      PlayerID: 0,
      GameID: "0022400061",
    },
    resultSets: [
      {
        name: "Shot_Chart_Detail",
        headers: SHOT_HEADERS,
        rowSet: [
          [
            "Shot Chart Detail",
            "0022400061",
            7,
            201143,
            "Al Horford",
            1610612738,
            "Boston Celtics",
            1,
            11,
            22,
            "Made Shot",
            "Layup Shot",
            "2PT Field Goal",
            "Restricted Area",
            "Center(C)",
            "Less Than 8 ft.",
            1,
            -4,
            9,
            1,
            1,
            "20241022",
            "BOS",
            "NYK",
          ],
          [
            "Shot Chart Detail",
            "0022400061",
            35,
            201143,
            "Al Horford",
            1610612738,
            "Boston Celtics",
            1,
            8,
            40,
            "Made Shot",
            "Jump Shot",
            "3PT Field Goal",
            "Left Corner 3",
            "Left Side(L)",
            "24+ ft.",
            22,
            -221,
            14,
            1,
            1,
            "20241022",
            "BOS",
            "NYK",
          ],
          [
            "Shot Chart Detail",
            "0022400061",
            60,
            201143,
            "Al Horford",
            1610612738,
            "Boston Celtics",
            2,
            5,
            3,
            "Missed Shot",
            "Jump Shot",
            "3PT Field Goal",
            "Above the Break 3",
            "Center(C)",
            "24+ ft.",
            25,
            12,
            250,
            1,
            0,
            "20241022",
            "BOS",
            "NYK",
          ],
        ],
      },
      {
        name: "LeagueAverages",
        headers: ["GRID_TYPE", "SHOT_ZONE_BASIC", "FGA", "FGM", "FG_PCT"],
        rowSet: [["League Averages", "Mid-Range", 100, 41, 0.41]],
      },
    ],
  };
}

export function schedule(season = "2024-25") {
  const team = (teamId: number, teamCity: string, teamName: string, teamTricode: string, score: number) => ({
    teamId,
    teamName,
    teamCity,
    teamTricode,
    teamSlug: teamName.toLowerCase(),
    wins: 0,
    losses: 0,
    score,
    seed: null,
  });
  return {
    meta: {
      version: 1,
      request: "http://nba.cloud/league/00/2024-25/scheduleleaguev2int",
      time: "2025-01-16T09:30:00.000Z",
    },
    leagueSchedule: {
      seasonYear: season,
      leagueId: "00",
      gameDates: [
        {
          gameDate: "10/22/2024 00:00:00",
          games: [
            {
              gameId: "0022400061",
              gameCode: "20241022/NYKBOS",
              gameStatus: 3,
              gameStatusText: "Final",
              gameSequence: 1,
              gameDateEst: "2024-10-22T00:00:00Z",
              gameTimeEst: "1900-01-01T19:30:00Z",
              gameDateTimeEst: "2024-10-22T19:30:00Z",
              gameDateUTC: "2024-10-22T04:00:00Z",
              gameTimeUTC: "1900-01-01T23:30:00Z",
              gameDateTimeUTC: "2024-10-22T23:30:00Z",
              weekNumber: 1,
              arenaName: "TD Garden",
              arenaCity: "Boston",
              postponedStatus: "A",
              homeTeam: team(1610612738, "Boston", "Celtics", "BOS", 132),
              awayTeam: team(1610612752, "New York", "Knicks", "NYK", 109),
            },
          ],
        },
      ],
    },
  };
}

// ---- The Odds API v4 ----
export const EVENT_A = "9e5c6a9f958653c964712b118e07f6ab";
export const EVENT_B = "4f1d2b0c7a8e4e1f9a2b3c4d5e6f7a8b";

export function oddsEvents(ids = [EVENT_A, EVENT_B]) {
  return ids.map((id, i) => ({
    id,
    sport_key: "basketball_nba",
    sport_title: "NBA",
    commence_time: `2025-01-16T0${i}:30:00Z`,
    home_team: i === 0 ? "Washington Wizards" : "Los Angeles Clippers",
    away_team: i === 0 ? "Boston Celtics" : "Denver Nuggets",
  }));
}

export function eventOdds(id = EVENT_A, marketKey = "player_points") {
  return {
    ...oddsEvents([id])[0],
    bookmakers: [
      {
        key: "draftkings",
        title: "DraftKings",
        last_update: "2025-01-15T23:05:39Z",
        markets: [
          {
            key: marketKey,
            last_update: "2025-01-15T23:05:39Z",
            outcomes: [
              { name: "Over", description: "Jayson Tatum", price: -115, point: 27.5 },
              { name: "Under", description: "Jayson Tatum", price: -105, point: 27.5 },
            ],
          },
        ],
      },
    ],
  };
}

export function gameLines() {
  return oddsEvents().map((e) => ({
    ...e,
    bookmakers: [
      {
        key: "fanduel",
        title: "FanDuel",
        last_update: "2025-01-15T23:01:00Z",
        markets: [
          {
            key: "spreads",
            last_update: "2025-01-15T23:01:00Z",
            outcomes: [
              { name: e.home_team, price: -110, point: 8.5 },
              { name: e.away_team, price: -110, point: -8.5 },
            ],
          },
          {
            key: "totals",
            last_update: "2025-01-15T23:01:00Z",
            outcomes: [
              { name: "Over", price: -112, point: 229.5 },
              { name: "Under", price: -108, point: 229.5 },
            ],
          },
        ],
      },
    ],
  }));
}

export function historicalWrap<T>(data: T, timestamp = "2025-01-15T21:55:00Z") {
  return { timestamp, previous_timestamp: "2025-01-15T21:50:00Z", next_timestamp: "2025-01-15T22:00:00Z", data };
}

// ---- NBA injury report (PDF) ----
/** A minimal but well-formed one-page PDF (header, objects, xref, trailer, %%EOF). */
export function injuryReportPdf(): Uint8Array {
  const text =
    "BT /F1 10 Tf 36 560 Td (Injury Report: 01/15/25 05:00 PM  01/15/2025 07:30 (ET) BOS@WAS Boston Celtics Tatum, Jayson Probable Injury/Illness - Left Knee; Soreness) Tj ET";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 792 612] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, "latin1"));
}
