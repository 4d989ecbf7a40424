import { type Command, InvalidArgumentError } from "commander";
import { validDatasetPrefix } from "../config/dataset-prefix.ts";

/** `--dataset-prefix <prefix>` with the one prefix check (ts/config/dataset-prefix.ts): a bad value stops the command. */
export function datasetPrefixOption(
  command: Command,
  description = "prefix every dataset (schema) to isolate the run, e.g. test_",
): Command {
  return command.option(
    "--dataset-prefix <prefix>",
    `${description} (default: NBA_PROPS_DATASET_PREFIX)`,
    (value: string) => {
      try {
        return validDatasetPrefix(value, "--dataset-prefix");
      } catch (error) {
        throw new InvalidArgumentError((error as Error).message);
      }
    },
  );
}
