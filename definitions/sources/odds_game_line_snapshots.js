// nba_raw.odds_game_line_snapshots: declared from includes/raw_tables.js (the one column list for BigQuery and the local loader).
declare(raw_tables.rawDeclaration("odds_game_line_snapshots"));
