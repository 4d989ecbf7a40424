// nba_raw.team_possessions: declared from includes/raw_tables.js (the one column list for BigQuery and the local loader).
declare(raw_tables.rawDeclaration("team_possessions"));
