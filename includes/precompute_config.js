/**
 * Phase 4 constants (each model's `version` enters its source_hash: bump it when the model's formulas change, so the
 * next run recomputes every row): windows, sample thresholds, defaults and the 25-feature list of the ML feature store, in the
 * order of the contract (phase4-precompute.md §5-§8). SQLX and tests read them from here, so a number lives once.
 */

/** team_defense_zone_analysis: the team's last 15 games of the season before D; fewer → failure. */
const TDZA = {
  version: "tdza_v1",
  window: 15,
  minGames: 15,
  leagueLookbackDays: 30,
  leagueMinTeamGames: 10,
  leagueMinTeams: 10,
  leagueDefaults: { paint: 0.58, mid_range: 0.41, three_pt: 0.355 },
};

/** player_shot_zone_analysis: last 10 (and 20) games of the season before D; fewer than 10 → failure. */
const PSZA = { version: "psza_v1", window: 10, trendWindow: 20, minGames: 10, minTrendGames: 15 };

/** player_daily_cache: season games before D; fewer than 5 → failure, fewer than 10 → early_season_flag. */
const PDC = {
  version: "pdc_v1",
  absoluteMinGames: 5,
  preferredMinGames: 10,
  seasonWindow: 82,
  teamWindow: 10,
  cacheVersion: "v1",
};

/** player_composite_factors: version label, and the usage windows standing in for the missing projection. */
const PCF = {
  version: "pcf_v1",
  calculationVersion: "v1_4factors",
  usageRecentGames: 3,
  usageBaselineGames: 7,
  teamPaceGames: 10,
};

/** ml_feature_store: a scheduled player needs at least this many games of the season before D. */
const MLFS = { version: "mlfs_v1", minGames: 1, featureVersion: "v1_baseline_25", recentGames: 10 };

/** Source weights of the quality score (§8.4). */
const SOURCE_WEIGHTS = { phase4: 100, phase3: 75, default: 40, calculated: 100 };

/** Tier thresholds of the quality score (§8.4), highest first. */
const QUALITY_TIERS = [
  ["gold", 95],
  ["silver", 75],
  ["bronze", 50],
  ["poor", 25],
];

/** The 25 features in contract order, with the documented range every value must stay in. */
const FEATURES = [
  { name: "points_avg_last_5", min: 0, max: 100 },
  { name: "points_avg_last_10", min: 0, max: 100 },
  { name: "points_avg_season", min: 0, max: 100 },
  { name: "points_std_last_10", min: 0, max: 60 },
  { name: "games_in_last_7_days", min: 0, max: 7 },
  { name: "fatigue_score", min: 0, max: 100 },
  { name: "shot_zone_mismatch_score", min: -10, max: 10 },
  { name: "pace_score", min: -3, max: 3 },
  { name: "usage_spike_score", min: -3, max: 3 },
  { name: "rest_advantage", min: -2, max: 2 },
  { name: "injury_risk", min: 0, max: 3 },
  { name: "recent_trend", min: -2, max: 2 },
  { name: "minutes_change", min: -2, max: 2 },
  { name: "opponent_def_rating", min: 70, max: 150 },
  { name: "opponent_pace", min: 80, max: 120 },
  { name: "home_away", min: 0, max: 1 },
  { name: "back_to_back", min: 0, max: 1 },
  { name: "playoff_game", min: 0, max: 1 },
  { name: "pct_paint", min: 0, max: 1 },
  { name: "pct_mid_range", min: 0, max: 1 },
  { name: "pct_three", min: 0, max: 1 },
  { name: "pct_free_throw", min: 0, max: 0.5 },
  { name: "team_pace", min: 80, max: 120 },
  { name: "team_off_rating", min: 70, max: 150 },
  { name: "team_win_pct", min: 0, max: 1 },
];

/** Processor names as written to precompute_failures, precompute_data_issues and reprocessing_stats. */
const PROCESSORS = {
  tdza: "team_defense_zone_analysis",
  psza: "player_shot_zone_analysis",
  pdc: "player_daily_cache",
  pcf: "player_composite_factors",
  mlfs: "ml_feature_store",
};

module.exports = { TDZA, PSZA, PDC, PCF, MLFS, SOURCE_WEIGHTS, QUALITY_TIERS, FEATURES, PROCESSORS };
