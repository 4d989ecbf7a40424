import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type { Warehouse } from "../../ts/engine/warehouse.ts";

const REPO = path.resolve(import.meta.dirname, "../..");
const SHIPPED = path.resolve(REPO, "../shared/data");
export const SEASON = "2023-24";
export const BOX_FILE = `player_box_scores/${SEASON}.csv.gz`;

/**
 * A temporary data directory with one season of the shipped data and the reference files (copies: the loaders
 * list regular files only), so a test may change a row of it.
 */
export function seasonDataDir(dir: string): string {
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(SHIPPED, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name === `${SEASON}.csv.gz` || rel === "reference") {
        fs.mkdirSync(path.join(dir, rel), { recursive: true });
        fs.copyFileSync(path.join(SHIPPED, child), path.join(dir, child));
      }
    }
  };
  walk("");
  return dir;
}

/** A copy of this repository's Dataform project plus one phase-4 probe model that reads the entity scope. */
export function projectWithProbe(dir: string): string {
  for (const p of ["dataform.json", "definitions", "includes", "assertions"])
    fs.cpSync(path.join(REPO, p), path.join(dir, p), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "definitions", "player_probe.sqlx"),
    `config {
  type: "incremental",
  tags: ["phase4"],
  uniqueKey: ["game_id", "player_id"],
  columns: { game_id: "game", player_id: "player", player_lookup: "player key", game_date: "date", assists: "assists", computed_by: "the flow that last computed the row" }
}
SELECT game_id, player_id, player_lookup, game_date, assists, '\${dataform.projectConfig.vars.correlation_id}' AS computed_by
FROM \${ref("player_game_summary")}
WHERE \${dates.inWindow("game_date")} AND \${scope.inScope("player_lookup", "player", ref("entity_scope"))}
`,
  );
  return dir;
}

/** Adds 1 to the assists of the first box-score row of `date` in the data dir's copy; returns its ids. */
export function bumpAssists(dataDir: string, date: string): { gameId: string; playerId: string; assists: number } {
  const file = path.join(dataDir, BOX_FILE);
  const lines = zlib.gunzipSync(fs.readFileSync(file)).toString("utf8").split("\n");
  const header = lines[0]!.split(",");
  const col = (name: string) => header.indexOf(name);
  const i = lines.findIndex(
    (l, n) => n > 0 && l.split(",")[col("GAME_DATE")] === date && Number(l.split(",")[col("MIN")]) > 0,
  );
  const cells = lines[i]!.split(",");
  cells[col("AST")] = String(Number(cells[col("AST")]) + 1);
  lines[i] = cells.join(",");
  fs.writeFileSync(file, zlib.gzipSync(lines.join("\n")));
  return { gameId: cells[col("GAME_ID")]!, playerId: cells[col("PLAYER_ID")]!, assists: Number(cells[col("AST")]) };
}

/** A content fingerprint of every table of a schema (column `ignore` left out), to prove a run changed no row. */
export async function schemaSnapshot(
  w: Warehouse,
  schema: string,
  ignore = "computed_by",
): Promise<Record<string, string>> {
  const tables = await w.query<{ t: string; has: boolean }>(
    `SELECT table_name AS t, bool_or(column_name = $ignore) AS has FROM information_schema.columns WHERE table_schema = $s GROUP BY table_name ORDER BY 1`,
    { params: { s: schema, ignore } },
  );
  const out: Record<string, string> = {};
  for (const { t, has } of tables) {
    const select = has ? `SELECT * EXCLUDE (${ignore})` : "SELECT *";
    const [r] = await w.query<{ n: number; h: string }>(
      `SELECT count(*) AS n, md5(string_agg(CAST(x AS VARCHAR), '\n' ORDER BY CAST(x AS VARCHAR))) AS h FROM (${select} FROM "${schema}"."${t}") x`,
    );
    out[t] = `${r!.n}:${r!.h}`;
  }
  return out;
}
