import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBigQueryType } from "../../ts/check/bigquery-types.ts";
import { type CheckResult, checkProject } from "../../ts/check/check.ts";
import { compileProject } from "../../ts/engine/compile.ts";
import { type CompiledGraph, type CompiledTable, targetKey } from "../../ts/engine/graph.ts";
import { REPO } from "../analytics/fixture.ts";
import { OfflineBigQuery } from "./zetasql.ts";

/**
 * The MERGE each incremental model runs on BigQuery, as Dataform's BigQuery adapter writes it (target T, the
 * incremental query as S, the unique key, `T.<updatePartitionFilter>`), checked by ZetaSQL against the schemas the
 * check infers, for a backfill (window vars: with the partition filter) and a scheduled run (no vars).
 */
function mergeSql(t: CompiledTable, columns: string[]): string {
  const target = `\`${targetKey(t.target)}\``;
  const on = [
    ...t.uniqueKey.map((k) => `T.${k} = S.${k}`),
    ...(t.bigquery?.updatePartitionFilter ? [`T.${t.bigquery.updatePartitionFilter}`] : []),
  ];
  const cols = columns.map((c) => `\`${c}\``).join(", ");
  return [
    `MERGE ${target} T`,
    `USING (\n${t.incrementalQuery || t.query}\n) S`,
    `ON ${on.join(" AND ")}`,
    `WHEN MATCHED THEN UPDATE SET ${columns.map((c) => `\`${c}\` = S.\`${c}\``).join(", ")}`,
    `WHEN NOT MATCHED THEN INSERT (${cols}) VALUES (${cols})`,
  ].join("\n");
}

let zetasql: OfflineBigQuery;
beforeAll(async () => {
  zetasql = await OfflineBigQuery.start();
}, 60_000);
afterAll(async () => zetasql?.stop());

async function merges(
  vars: Record<string, string>,
): Promise<{ graph: CompiledGraph; check: CheckResult; statements: string[]; phase3: string[] }> {
  const graph = await compileProject({ projectDir: REPO, vars: { engine: "bigquery", ...vars } });
  const check = await checkProject({ projectDir: REPO, graph });
  expect(check.ok).toBe(true);
  for (const [key, columns] of Object.entries(check.schemas))
    zetasql.catalog.set(
      key,
      columns.map((c) => ({ name: c.name, type: parseBigQueryType(c.type) })),
    );
  const merged = graph.tables.filter(
    (t) => t.enumType === "INCREMENTAL" && t.uniqueKey.length > 0 && t.incrementalStrategy !== "INSERT_OVERWRITE",
  );
  const statement = (t: CompiledTable) =>
    mergeSql(
      t,
      check.schemas[targetKey(t.target)]!.map((c) => c.name),
    );
  // The derived window and the partition filter are built into the phase 3 models (includes/dates.js with ctx).
  return {
    graph,
    check,
    statements: merged.map(statement),
    phase3: merged.filter((t) => t.tags.includes("phase3")).map(statement),
  };
}

describe("the MERGE statements Dataform runs for the incremental models pass ZetaSQL", () => {
  it("backfill (window vars): every MERGE carries the partition filter and analyses", async () => {
    const { statements, phase3 } = await merges({ start_date: "2024-01-01", end_date: "2024-01-31" });
    expect(phase3).toHaveLength(4);
    expect(statements.length).toBeGreaterThan(phase3.length);
    for (const s of phase3) expect(s).toContain("AND T.game_date BETWEEN DATE '2024-01-01' AND DATE '2024-01-31'");
    expect(await zetasql.failures(statements)).toEqual([]);
  }, 240_000);

  it("scheduled run (window=derived): the derived window's MERGE analyses", async () => {
    const { statements, phase3 } = await merges({ window: "derived" });
    expect(phase3).toHaveLength(4);
    for (const s of phase3)
      expect(s).toMatch(
        /game_date >= \(SELECT IFNULL\(DATE_SUB\(MAX\(game_date\), INTERVAL 3 DAY\), DATE '1900-01-01'\) FROM `nba-props-prod\.nba_analytics\.[a-z_]+`\)/,
      );
    expect(await zetasql.failures(statements)).toEqual([]);
  }, 240_000);
});
