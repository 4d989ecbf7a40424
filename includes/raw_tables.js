// The one source of truth for the raw layer's tables (nba_raw.*): names, descriptions, columns and BigQuery types.
// definitions/sources/<table>.js declare each table from here (so the compiled graph, the BigQuery check and the
// docs see the same columns), and ts/raw creates the local DuckDB tables from this same module.
// Self-contained on purpose (no require): Dataform evaluates it as an include, ts/raw evaluates it as CommonJS.

const RAW_SCHEMA = "nba_raw";

const PROVENANCE_COLUMNS = [
  [
    "source_file",
    "STRING",
    "Logical name of the file the row came from: its path relative to the data directory (or the name a scraper gave the payload).",
  ],
  ["source_line", "INT64", "Line number of the row in the decompressed source file (header = line 1)."],
  [
    "source_hash",
    "STRING",
    "SHA-256 (64 lowercase hex) of the source file's bytes as stored (compressed); identifies the file version.",
  ],
  ["loaded_at", "TIMESTAMP", "When the loader wrote this file version into the table (UTC)."],
];

const BOX_STATS = [
  ["fgm", "INT64", "Field goals made."],
  ["fga", "INT64", "Field goals attempted."],
  ["fg_pct", "FLOAT64", "Field-goal percentage as published (0-1); NULL when there were no attempts."],
  ["fg3m", "INT64", "Three-pointers made."],
  ["fg3a", "INT64", "Three-pointers attempted."],
  ["fg3_pct", "FLOAT64", "Three-point percentage as published (0-1); NULL when there were no attempts."],
  ["ftm", "INT64", "Free throws made."],
  ["fta", "INT64", "Free throws attempted."],
  ["ft_pct", "FLOAT64", "Free-throw percentage as published (0-1); NULL when there were no attempts."],
  ["oreb", "INT64", "Offensive rebounds."],
  ["dreb", "INT64", "Defensive rebounds."],
  ["reb", "INT64", "Total rebounds."],
  ["ast", "INT64", "Assists."],
  ["stl", "INT64", "Steals."],
  ["blk", "INT64", "Blocks."],
  ["tov", "INT64", "Turnovers."],
  ["pf", "INT64", "Personal fouls."],
  ["plus_minus", "INT64", "Plus-minus while on court (team rows: the final point differential)."],
];

const SIDES = [
  ["home", "home team"],
  ["away", "away (road) team"],
];

function perSide(columns) {
  const out = [];
  for (const [side, label] of SIDES) {
    for (const [name, type, description] of columns) out.push([`${name}_${side}`, type, `${description} (${label})`]);
  }
  return out;
}

const TEAM_IDENTITY = (withName) =>
  perSide([
    ["team_id", "STRING", "NBA team id, e.g. 1610612743"],
    ["team_abbr", "STRING", "Canonical NBA tricode from nba_raw.team_crosswalk"],
    ...(withName ? [withName] : []),
  ]);

const SHOT_ZONES = [
  ["restricted_area", "Restricted Area"],
  ["paint_non_ra", "In The Paint (Non-RA)"],
  ["mid_range", "Mid-Range"],
  ["left_corner_3", "Left Corner 3"],
  ["right_corner_3", "Right Corner 3"],
  ["above_break_3", "Above the Break 3"],
  ["backcourt", "Backcourt"],
];

const GAME_KEY_COLUMNS = [
  ["game_id", "STRING", "NBA game id, 10 characters with leading zeros (e.g. 0022300061)."],
  ["game_date", "DATE", "Game date (US date)."],
  ["season", "STRING", "Season label, e.g. 2023-24."],
];

const TABLES = {
  team_crosswalk: {
    description:
      "The 30 NBA teams and every spelling the shipped sources use for them (reference/team_crosswalk.csv). " +
      "Loaders map team ids, tricodes, full names, nicknames and game-lines site codes to `tricode` through it. Key: team_id.",
    source: "reference/team_crosswalk.csv",
    key: ["team_id"],
    columns: [
      ["team_id", "STRING", "NBA team id, e.g. 1610612743."],
      [
        "tricode",
        "STRING",
        "Canonical NBA tricode (e.g. DEN); every *_team_abbr / team_abbr_* column in nba_raw holds one of these.",
      ],
      ["nba_team_name", "STRING", "NBA.com full team name (note 'LA Clippers')."],
      ["odds_api_team_name", "STRING", "Team name used by The Odds API props files ('Los Angeles Clippers')."],
      ["game_lines_code", "STRING", "Lower-case site code used by game_lines (e.g. gs, ny, no, sa, utah, wsh)."],
      [
        "game_lines_code_votes",
        "STRING",
        "How the site code was assigned upstream: votes for / games matched (e.g. 344/344).",
      ],
    ],
  },
  player_aliases: {
    description:
      "Prop-feed spellings of player names that do not normalise to an NBA name, mapped to the NBA player id " +
      "(reference/prop_player_aliases.csv). Looked up by alias_lookup (several spellings may share one). Key: alias_name.",
    source: "reference/prop_player_aliases.csv",
    key: ["alias_name"],
    columns: [
      ["alias_name", "STRING", "The spelling as it appears in a prop feed (source prop_player_name)."],
      ["alias_lookup", "STRING", "alias_name under the player-name normalisation rule; the lookup key."],
      ["nba_player_id", "STRING", "NBA person id the spelling refers to."],
      ["nba_player_name", "STRING", "NBA.com name of that player."],
      [
        "method",
        "STRING",
        "How the alias was established upstream (auto_name_tokens+team_date or manual_verified_team_date).",
      ],
      [
        "prop_rows_confirmed",
        "INT64",
        "Prop rows where the player was confirmed on one of the event's teams within +-1 day.",
      ],
      ["prop_rows_total", "INT64", "Prop rows with this spelling upstream."],
    ],
  },
  player_box_scores: {
    description:
      "One row per player who appeared in a regular-season game (NBA stats LeagueGameLog, player mode). " +
      "No DNP/inactive rows, no starter flag, whole minutes. Key: (game_id, player_id).",
    source: "player_box_scores/{season}.csv.gz",
    key: ["game_id", "player_id"],
    columns: [
      ["season", "STRING", "Season label, e.g. 2023-24 (source SEASON_LABEL)."],
      ["season_id", "STRING", "NBA season id, e.g. 22023 (source SEASON_ID)."],
      ["game_id", "STRING", "NBA game id, 10 characters with leading zeros."],
      ["game_date", "DATE", "Game date (US date)."],
      ["player_id", "STRING", "NBA person id."],
      ["player_name", "STRING", "Player name as published by NBA.com."],
      ["player_lookup", "STRING", "player_name under the one player-name normalisation rule (ts/raw/player-key.ts)."],
      ["team_id", "STRING", "NBA team id of the player's team."],
      ["team_abbr", "STRING", "Canonical tricode of the player's team."],
      ["team_name", "STRING", "Full team name as published."],
      [
        "matchup",
        "STRING",
        "Source MATCHUP, e.g. 'CLE vs. IND' (CLE at home) or 'MIA @ ATL' (MIA away). On 5 neutral-site games of 2024-25 both teams carry the same string.",
      ],
      [
        "is_home",
        "BOOL",
        "TRUE when matchup names the player's team as home. On neutral-site games this can disagree with team_game_results.",
      ],
      ["opponent_team_abbr", "STRING", "Canonical tricode of the opponent (from matchup)."],
      ["wl", "STRING", "W or L for the player's team."],
      ["minutes", "INT64", "Minutes played, rounded to whole minutes upstream (0 = brief appearance)."],
      ["pts", "INT64", "Points."],
      ...BOX_STATS,
    ],
  },
  team_game_results: {
    description:
      "One row per game of every type (regular season, play-in, NBA Cup knockout, playoffs) with the final score and " +
      "both teams' totals; the source of the game dimension. Key: game_id.",
    source: "team_game_logs/{season}.csv.gz",
    key: ["game_id"],
    columns: [
      ...GAME_KEY_COLUMNS,
      [
        "game_type",
        "STRING",
        "One of regular_season, play_in, playoffs, nba_cup_semi, nba_cup_final (source values playin/playoff normalised).",
      ],
      [
        "neutral_site",
        "BOOL",
        "Source flag; TRUE only for NBA Cup semis/finals (Mexico City / Paris games are FALSE upstream).",
      ],
      ...TEAM_IDENTITY(["team_name", "STRING", "Full team name as published"]),
      ["pts_home", "INT64", "Final points of the home team."],
      ["pts_away", "INT64", "Final points of the away team."],
      ["wl_home", "STRING", "W or L for the home team."],
      ...perSide(BOX_STATS.map(([n, t, d]) => [n, t, d.replace(/\.$/, "")])),
    ],
  },
  team_possessions: {
    description: "NBA counted possessions and team minutes per game and side (box_score_advanced). Key: game_id.",
    source: "team_possessions/{season}.csv.gz",
    key: ["game_id"],
    columns: [
      ...GAME_KEY_COLUMNS,
      ...perSide([
        ["team_id", "STRING", "NBA team id"],
        ["team_abbr", "STRING", "Canonical NBA tricode"],
        ["minutes", "INT64", "Team minutes: 240 = regulation, 265 = one overtime"],
        ["possessions", "FLOAT64", "Possessions as counted by NBA.com, e.g. 95.0"],
      ]),
    ],
  },
  line_scores: {
    description: "Points by quarter (and overtime total) per game and side. Key: game_id.",
    source: "linescores/{season}.csv.gz",
    key: ["game_id"],
    columns: [
      ...GAME_KEY_COLUMNS,
      ...perSide([
        ["team_id", "STRING", "NBA team id"],
        ["team_abbr", "STRING", "Canonical NBA tricode"],
        ["team_nickname", "STRING", "Team nickname as published, e.g. Nuggets"],
        ["pts_qtr1", "INT64", "Points in the first quarter"],
        ["pts_qtr2", "INT64", "Points in the second quarter"],
        ["pts_qtr3", "INT64", "Points in the third quarter"],
        ["pts_qtr4", "INT64", "Points in the fourth quarter"],
        ["pts_ot_total", "INT64", "Points in all overtimes together (0 without overtime)"],
        ["pts", "INT64", "Final points"],
      ]),
    ],
  },
  game_lines: {
    description:
      "One betting line per game (spread, total, moneylines when present) with the final result, from a Kaggle-style " +
      "NBA betting file; no NBA game id (join the game dimension on game_date + teams; 5 games of 2024-25 have home/away " +
      "reversed relative to NBA.com). Key: (game_date, team_abbr_home, team_abbr_away).",
    source: "game_lines/{season}.csv.gz",
    key: ["game_date", "team_abbr_home", "team_abbr_away"],
    columns: [
      ["season", "STRING", "Season label, e.g. 2021-22 (from the source's end-year season, 2022)."],
      ["game_date", "DATE", "Game date (US date; source M/D/YY)."],
      ["is_regular_season", "BOOL", "Source regular flag."],
      ["is_playoffs", "BOOL", "Source playoffs flag (both FALSE = play-in or NBA Cup final)."],
      ["site_code_home", "STRING", "Home team code as in the source (lower-case site code)."],
      ["site_code_away", "STRING", "Away team code as in the source."],
      [
        "team_abbr_home",
        "STRING",
        "Canonical tricode of the home team (site code mapped through team_crosswalk.game_lines_code).",
      ],
      ["team_abbr_away", "STRING", "Canonical tricode of the away team."],
      ["score_home", "INT64", "Final points of the home team (post-game)."],
      ["score_away", "INT64", "Final points of the away team (post-game)."],
      ...perSide([
        ["q1", "INT64", "First-quarter points"],
        ["q2", "INT64", "Second-quarter points"],
        ["q3", "INT64", "Third-quarter points"],
        ["q4", "INT64", "Fourth-quarter points"],
        ["ot", "INT64", "Overtime points"],
      ]),
      ["whos_favored", "STRING", "Which side the spread favours: home or away."],
      ["spread", "FLOAT64", "Point spread as an unsigned magnitude for the favourite; NULL for 2 games of 2021-22."],
      ["total", "FLOAT64", "Game total (over/under) line."],
      ["moneyline_home", "INT64", "Home moneyline, American odds; NULL from mid 2022-23 on."],
      ["moneyline_away", "INT64", "Away moneyline, American odds; NULL from mid 2022-23 on."],
      ["h2_spread", "FLOAT64", "Second-half spread; NULL where moneylines are NULL."],
      ["h2_total", "FLOAT64", "Second-half total; NULL where moneylines are NULL."],
      [
        "id_spread",
        "INT64",
        "POST-GAME outcome code: 1 favourite covered, 0 underdog covered, 2 push. Never a pre-game feature.",
      ],
      ["id_total", "INT64", "POST-GAME outcome code: 1 over, 0 under, 2 push. Never a pre-game feature."],
    ],
  },
  player_prop_lines: {
    description:
      "Player prop lines of every market in one table, one row per source row: sportsbook points+rebounds+assists " +
      "lines (The Odds API, region us, two prices per row), DFS pick'em points/rebounds/assists lines " +
      "(PrizePicks/Underdog via The Odds API us_dfs, one row per side, placeholder prices) and the Odds API event-odds " +
      "payloads of the odds-api-player-props(-history) scrapers (one row per bookmaker, market, player and line: both " +
      "prices when Over and Under share the line, else one side). The source repeats some rows verbatim, so there is " +
      "no natural key: (source_file, source_line) identifies a row.",
    source:
      "props/pra_oddsapi/{season}.csv.gz, props/dfs_lines_oddsapi/{season}.csv.gz, scraped odds-api/player-props[-history]/… payloads",
    key: null,
    columns: [
      ["season", "STRING", "Season label derived from event_date (seasons run Jul 1 - Jun 30)."],
      [
        "market",
        "STRING",
        "points, rebounds, assists or points_rebounds_assists (scraped rows: the Odds API market key without its player_ prefix, e.g. player_threes -> threes).",
      ],
      [
        "bookmaker_type",
        "STRING",
        "sportsbook (real odds) or dfs (pick'em operator: the line is real, the price is a placeholder).",
      ],
      ["bookmaker", "STRING", "Bookmaker title as published, e.g. DraftKings, FanDuel, PrizePicks."],
      ["event_id", "STRING", "The Odds API event id (hex). Not an NBA game id."],
      [
        "event_date",
        "DATE",
        "UTC date of the event's commence time (PRA: source event_date; DFS and scraped: date of commence_time). Can be one day after the US game date.",
      ],
      ["commence_time", "TIMESTAMP", "Scheduled tip-off (UTC) when the source gives it (DFS, scraped); NULL for PRA."],
      [
        "snapshot_time",
        "TIMESTAMP",
        "When the odds snapshot was taken (UTC; PRA source timestamp; scraped: the historical response's timestamp, or the fetch time for current odds); NULL for DFS (not in the data).",
      ],
      [
        "slate_date",
        "DATE",
        "US game date: DFS slate date from the upstream daily file name (MM_DD_YYYY.csv); scraped: US-Eastern date of commence_time; NULL for PRA.",
      ],
      ["team_name_home", "STRING", "Home team full name as published."],
      ["team_name_away", "STRING", "Away team full name as published."],
      ["team_abbr_home", "STRING", "Canonical tricode of the home team (name mapped through team_crosswalk)."],
      ["team_abbr_away", "STRING", "Canonical tricode of the away team."],
      ["player_name", "STRING", "Player name as spelled by the feed (scraped: the outcome's description)."],
      ["player_lookup", "STRING", "player_name under the one player-name normalisation rule."],
      [
        "player_id",
        "STRING",
        "NBA person id: via player_aliases, else the one box-score player with the same player_lookup; NULL when player_match is abbreviated or ambiguous.",
      ],
      [
        "player_match",
        "STRING",
        "How player_id was found: alias, name, abbreviated (an initial + surname such as 'J. Green', left to game-context resolution) or ambiguous (a name several NBA players share). Spellings matching no player are quarantined.",
      ],
      [
        "side",
        "STRING",
        "over or under for one-sided rows (DFS; scraped lines offered on one side only); NULL when the row carries both prices (PRA, scraped Over+Under pairs).",
      ],
      ["line", "FLOAT64", "The prop line."],
      ["over_price", "INT64", "American odds for the over (DFS: only on over rows; -137 is a placeholder)."],
      ["under_price", "INT64", "American odds for the under (DFS: only on under rows)."],
      [
        "upstream_file",
        "STRING",
        "DFS upstream daily file name (source column source_file); NULL for PRA and scraped rows (their source_file is the archive key folder).",
      ],
    ],
  },
  odds_game_line_snapshots: {
    description:
      "Game lines (spreads, totals, moneylines) as posted by each bookmaker in one Odds API snapshot, from the " +
      "odds-api-game-lines(-history) scrapers: one row per event, bookmaker, market and outcome. No NBA game id (join " +
      "the game dimension on game_date + teams). Current-odds fetches of the same request replace each other; each " +
      "historical snapshot keeps its rows. Key: (event_id, bookmaker_key, market, outcome_name, point, snapshot_time).",
    source: "scraped odds-api/game-lines[-history]/… payloads (The Odds API v4 /odds)",
    key: ["event_id", "bookmaker_key", "market", "outcome_name", "point", "snapshot_time"],
    columns: [
      ["season", "STRING", "Season label derived from game_date (seasons run Jul 1 - Jun 30)."],
      ["game_date", "DATE", "US game date: the US-Eastern date of commence_time."],
      ["event_id", "STRING", "The Odds API event id (hex). Not an NBA game id."],
      ["commence_time", "TIMESTAMP", "Scheduled tip-off (UTC)."],
      ["team_name_home", "STRING", "Home team full name as published by the API."],
      ["team_name_away", "STRING", "Away team full name as published by the API."],
      ["team_abbr_home", "STRING", "Canonical tricode of the home team (name mapped through team_crosswalk)."],
      ["team_abbr_away", "STRING", "Canonical tricode of the away team."],
      ["bookmaker_key", "STRING", "The API's bookmaker key, e.g. draftkings, fanduel."],
      ["bookmaker", "STRING", "Bookmaker title as published, e.g. DraftKings."],
      ["market", "STRING", "The API's market key: spreads, totals, h2h (or another requested market)."],
      [
        "market_last_update",
        "TIMESTAMP",
        "When the bookmaker last changed this market (API last_update); NULL when not given.",
      ],
      ["outcome_name", "STRING", "Outcome as published: a team's full name (spreads, h2h) or Over/Under (totals)."],
      ["outcome_side", "STRING", "home or away (team outcomes) or over or under (totals)."],
      ["outcome_team_abbr", "STRING", "Canonical tricode of the outcome's team; NULL for Over/Under."],
      ["point", "FLOAT64", "Spread for the outcome's team (negative = favourite) or the game total; NULL for h2h."],
      ["price", "INT64", "American odds of the outcome."],
      [
        "snapshot_time",
        "TIMESTAMP",
        "When the odds snapshot was taken (UTC): the historical response's timestamp, or the fetch time for current odds.",
      ],
    ],
  },
  shot_zone_splits: {
    description:
      "Field-goal attempts and makes per player-game by NBA basic shot zone, derived from NBA.com shot events " +
      "(2022-23 onwards; players with at least one FGA). Key: (game_id, player_id).",
    source: "shot_zones/{season}.csv.gz",
    key: ["game_id", "player_id"],
    columns: [
      ["season", "STRING", "Season label, e.g. 2023-24."],
      ["game_id", "STRING", "NBA game id, 10 characters with leading zeros."],
      ["game_date", "DATE", "Game date (US date)."],
      ["team_id", "STRING", "NBA team id of the shooter's team."],
      ["team_abbr", "STRING", "Canonical tricode of the shooter's team."],
      ["team_name", "STRING", "Full team name as published."],
      ["player_id", "STRING", "NBA person id."],
      ["player_name", "STRING", "Player name as published."],
      ["player_lookup", "STRING", "player_name under the one player-name normalisation rule."],
      ...SHOT_ZONES.flatMap(([zone, label]) => [
        [`${zone}_fga`, "INT64", `Shots from ${label}.`],
        [`${zone}_fgm`, "INT64", `Made shots from ${label}.`],
      ]),
      ["fga", "INT64", "All field-goal attempts (shot events)."],
      ["fgm", "INT64", "All made field goals."],
      ["fg3a", "INT64", "Three-point attempts."],
      ["fg3m", "INT64", "Three-pointers made."],
    ],
  },
  injury_moves: {
    description:
      "Injured-list transactions from ProSportsTransactions (placed on IL / activated / day-to-day notes). A transaction " +
      "log, not the official NBA injury report: no status, no report time. Blank upstream scrape rows are kept. " +
      "No natural key: (source_file, source_line) identifies a row.",
    source: "injuries/{season}.csv.gz",
    key: null,
    columns: [
      ["season", "STRING", "Season label from move_date (Jul 1 - Jun 30)."],
      ["move_date", "DATE", "Transaction date."],
      ["team_nickname", "STRING", "Team as published (nickname, e.g. Knicks, Blazers); NULL on blank rows."],
      [
        "team_abbr",
        "STRING",
        "Canonical tricode (nickname mapped through team_crosswalk); NULL when team_nickname is NULL.",
      ],
      [
        "player_name",
        "STRING",
        "Player as published without the site's bullet prefix; a few upstream rows hold a note here.",
      ],
      ["player_lookup", "STRING", "player_name under the one player-name normalisation rule."],
      [
        "player_id",
        "STRING",
        "NBA person id via player_aliases or a box-score player with the same player_lookup; NULL when unmatched.",
      ],
      [
        "player_match",
        "STRING",
        "alias, name or unmatched (players without NBA minutes, nicknames like 'Herb Jones', notes); NULL when player_name is NULL.",
      ],
      [
        "move_type",
        "STRING",
        "activated (source Acquired filled) or placed (source Relinquished filled); NULL when neither.",
      ],
      ["acquired", "STRING", "Source Acquired: player returned / activated (bullet removed)."],
      ["relinquished", "STRING", "Source Relinquished: player placed on IL / out (bullet removed)."],
      ["notes", "STRING", "Reason as published, e.g. 'placed on IL with sore left hip', 'illness (DTD)'."],
      [
        "estimated_days_out",
        "INT64",
        "Upstream author's estimate on activation rows: days since the matching placement. Not an NBA value.",
      ],
    ],
  },
  superseded_rows: {
    description:
      "Rows of keyed raw tables that lost their natural key to a row of another file (the later load wins), kept whole " +
      "so nothing is silently dropped: unloading the winning file restores them. Keyed tables hold one row per natural key.",
    source: "written by ts/raw (loadRawFiles, unloadRawFile)",
    key: ["table_name", "source_file", "source_line"],
    provenance: false,
    columns: [
      ["table_name", "STRING", "Raw table the row belongs to."],
      ["natural_key", "STRING", "The row's natural key as a JSON array of its key columns' values as text."],
      ["source_file", "STRING", "File the superseded row came from."],
      ["source_line", "INT64", "Line of the row in that file."],
      ["source_hash", "STRING", "SHA-256 of that file version."],
      ["loaded_at", "TIMESTAMP", "When that file version was loaded."],
      ["superseded_by", "STRING", "File whose row now holds the natural key in the raw table."],
      ["superseded_at", "TIMESTAMP", "When the row was superseded (UTC)."],
      ["row_json", "STRING", "The whole row as JSON (every column of the raw table), so it can be restored."],
    ],
  },
  load_log: {
    description:
      "One row per attempt to load a file version into a raw table (skipped re-loads of an unchanged file are not logged). " +
      "The loader skips a file when its latest entry has the same source_hash, status loaded and no rejected rows.",
    source: "written by ts/raw (loadRawFiles)",
    key: null,
    provenance: false,
    columns: [
      [
        "source_file",
        "STRING",
        "Logical file name (path relative to the data directory, or the scraper's payload name).",
      ],
      ["table_name", "STRING", "Raw table the file loads into."],
      ["payload_kind", "STRING", "Payload kind that parsed the file."],
      ["source_hash", "STRING", "SHA-256 of the file's bytes."],
      [
        "status",
        "STRING",
        "loaded (rows replaced, possibly with rejected records), failed (whole file rejected; earlier rows kept) or unloaded (rows removed by nba-props unload).",
      ],
      [
        "rows_loaded",
        "INT64",
        "Rows of this file version written (loaded) or kept (failed); some may later be superseded by another file.",
      ],
      ["rows_rejected", "INT64", "Records rejected and written to the quarantine area."],
      ["message", "STRING", "First error for failed files or records; NULL when clean."],
      ["loaded_at", "TIMESTAMP", "When the attempt finished (UTC)."],
    ],
  },
};

function tableColumns(name) {
  const table = TABLES[name];
  if (!table) throw new Error(`unknown raw table ${name}`);
  return table.provenance === false ? table.columns : [...table.columns, ...PROVENANCE_COLUMNS];
}

/** The config for Dataform's declare(): every column described and tagged with exactly one `type:<BigQuery type>`. */
function rawDeclaration(name) {
  const table = TABLES[name];
  const columns = {};
  for (const [column, type, description] of tableColumns(name))
    columns[column] = { description, tags: [`type:${type}`] };
  return { schema: RAW_SCHEMA, name, description: `${table.description} Source: ${table.source}.`, columns };
}

module.exports = { RAW_SCHEMA, TABLES, PROVENANCE_COLUMNS, tableColumns, rawDeclaration };
