import type { Logger } from "../config/logger.ts";
import type { PredictOptions } from "./coordinator.ts";

/** A log line when the batch starts loading, every tenth of its dates, and when it writes. */
export function batchProgress(logger: Logger): NonNullable<PredictOptions["onProgress"]> {
  let lastTenth = -1;
  return (stage, done, total) => {
    if (stage === "loading") logger.info("prediction batch: loading features, history and lines (one query)");
    if (stage === "writing") logger.info({ rows: total }, "prediction batch: writing through staging (one MERGE)");
    if (stage !== "predicting") return;
    const tenth = Math.floor((10 * done) / total);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      logger.info(`prediction batch: ${done}/${total} dates predicted`);
    }
  };
}
