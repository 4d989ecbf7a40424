// nba_raw.load_log: declared from includes/raw_tables.js (the one column list for BigQuery and the local loader).
declare(raw_tables.rawDeclaration("load_log"));
