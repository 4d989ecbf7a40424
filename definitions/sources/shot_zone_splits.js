// nba_raw.shot_zone_splits: declared from includes/raw_tables.js (the one column list for BigQuery and the local loader).
declare(raw_tables.rawDeclaration("shot_zone_splits"));
