// nba_raw.player_box_scores: declared from includes/raw_tables.js (the one column list for BigQuery and the local loader).
declare(raw_tables.rawDeclaration("player_box_scores"));
