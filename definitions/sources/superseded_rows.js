// nba_raw.superseded_rows: declared from includes/raw_tables.js (the one column list for BigQuery and the local loader).
declare(raw_tables.rawDeclaration("superseded_rows"));
