/**
 * nba_predictions.player_prop_predictions: the one column list of the prediction rows, shared by the Dataform
 * declaration (definitions/predictions/player_prop_predictions.js, so grading can ref() it and `check` knows its
 * types) and the coordinator's writer (ts/predictions/prediction-table.ts), which creates the table through the
 * Warehouse port and MERGEs each batch on KEY.
 */
const SCHEMA = "nba_predictions";
const NAME = "player_prop_predictions";
const KEY = ["game_date", "game_id", "player_id", "market", "system_id"];
const PARTITION_BY = "game_date";
const CLUSTER_BY = ["player_lookup", "system_id", "game_date"];

const COLUMNS = [
  ["game_date", "DATE", "US game date (partition)."],
  ["game_id", "STRING", "NBA game id."],
  ["player_id", "STRING", "NBA person id (from the pre-game universe)."],
  ["player_lookup", "STRING", "Normalised player name."],
  ["player_name", "STRING", "Player name as in the feature row."],
  ["market", "STRING", "points, rebounds, assists or pra."],
  ["system_id", "STRING", "moving_average, zone_matchup, similarity, xgboost or ensemble."],
  ["predicted_value", "FLOAT64", "The system's prediction of the market's value, rounded to 2 decimals."],
  ["confidence", "FLOAT64", "The system's confidence, 0-100."],
  ["recommendation", "STRING", "OVER, UNDER or PASS (always PASS without a line)."],
  [
    "line_value",
    "FLOAT64",
    "The pre-game line the recommendation was made against (nba_predictions.pregame_prop_lines); NULL when none.",
  ],
  ["line_source", "STRING", "dfs_median, sportsbook_median or mixed_median; NULL when no line."],
  ["edge", "FLOAT64", "predicted_value - line_value; NULL without a line."],
  [
    "model_version",
    "STRING",
    "The system's version; for xgboost the trained artefact's model_version (market, cutoff, tree digest).",
  ],
  ["feature_version", "STRING", "Feature version of the feature row (v1_baseline_25)."],
  ["data_hash", "STRING", "data_hash of the feature row the prediction was made from."],
  ["feature_quality_score", "FLOAT64", "Quality score of the feature row."],
  ["correlation_id", "STRING", "Correlation id of the run that wrote the row."],
  ["batch_id", "STRING", "The coordinator batch that wrote the row."],
  ["created_at", "TIMESTAMP", "When the row was written (UTC)."],
];

function declaration() {
  const columns = {};
  for (const [column, type, description] of COLUMNS) columns[column] = { description, tags: [`type:${type}`] };
  return {
    schema: SCHEMA,
    name: NAME,
    description:
      "One prediction per (game_date, game_id, player_id, market, system_id), written by the predictions coordinator " +
      `(nba-props predict) through a staging table and one MERGE per batch. Partitioned by ${PARTITION_BY}, clustered by ` +
      `${CLUSTER_BY.join(", ")}. See docs/data-model/player_prop_predictions.md.`,
    columns,
  };
}

module.exports = { SCHEMA, NAME, KEY, PARTITION_BY, CLUSTER_BY, COLUMNS, declaration };
