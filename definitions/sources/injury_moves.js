// nba_raw.injury_moves: declared from includes/raw_tables.js (the one column list for BigQuery and the local loader).
declare(raw_tables.rawDeclaration("injury_moves"));
