import path from "node:path";

/** The project this test suite belongs to. */
export const PROJECT_DIR = path.resolve(import.meta.dirname, "../..");

/** The shipped real data, resolved exactly as the CLI resolves it (NBA_PROPS_DATA_DIR, default ../shared/data). */
export const DATA_DIR = path.resolve(PROJECT_DIR, process.env.NBA_PROPS_DATA_DIR ?? "../shared/data");
