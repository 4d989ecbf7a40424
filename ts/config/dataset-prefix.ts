/**
 * The dataset prefix isolates a run (`test_` → `test_nba_raw`, `test_nba_analytics`, …). It reaches SQL as part of
 * schema names, so it must be an identifier fragment: a letter, then letters, digits or `_`, at most 63 characters
 * (or empty). One check for every way in: NBA_PROPS_DATASET_PREFIX, every command's --dataset-prefix, and the
 * local runner's entry point.
 */
export const DATASET_PREFIX_PATTERN = /^(?:[A-Za-z][A-Za-z0-9_]{0,62})?$/;

export class DatasetPrefixError extends Error {
  override name = "DatasetPrefixError";
}

export function validDatasetPrefix(value: string, origin = "dataset prefix"): string {
  if (!DATASET_PREFIX_PATTERN.test(value)) {
    throw new DatasetPrefixError(
      `${origin}: ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)} is not a valid dataset prefix ` +
        "(a letter, then letters, digits or _, at most 63 characters; e.g. test_)",
    );
  }
  return value;
}
