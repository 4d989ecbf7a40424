/**
 * data_hash fields of nba_predictions.ml_feature_store, as [column, type]: the reference's HASH_FIELDS
 * (phase4-precompute.md §8.5) this model produces, the feature array as its 25 named columns, then the columns it adds.
 */
const { FEATURES } = require("./precompute_config.js");

const HASH_FIELDS = [
  ["player_lookup", "STRING"],
  ["player_id", "STRING"],
  ["game_date", "DATE"],
  ["game_id", "STRING"],
  ...FEATURES.map((f) => [f.name, "FLOAT64"]),
  ["feature_count", "INT64"],
  ["feature_version", "STRING"],
  ["feature_quality_score", "FLOAT64"],
  ["opponent_team_abbr", "STRING"],
  ["is_home", "BOOL"],
  ["days_rest", "INT64"],
  ["data_source", "STRING"],
  // added by this model
  ["player_name", "STRING"],
  ["season", "STRING"],
  ["team_abbr", "STRING"],
  ["feature_sources_list", "STRING"],
  ["defaulted_feature_count", "INT64"],
  ["quality_tier", "STRING"],
  ["is_production_ready", "BOOL"],
  ["latest_game_date", "DATE"],
];

module.exports = { HASH_FIELDS };
