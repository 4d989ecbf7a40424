// nba_raw.player_prop_lines: declared from includes/raw_tables.js (the one column list for BigQuery and the local loader).
declare(raw_tables.rawDeclaration("player_prop_lines"));
