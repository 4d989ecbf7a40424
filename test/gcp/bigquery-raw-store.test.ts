process.env.METADATA_SERVER_DETECTION = "none";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBigQueryType } from "../../ts/check/bigquery-types.ts";
import type { TableSpec } from "../../ts/engine/warehouse.ts";
import { INCOMING, RawSql, rawTableSpec, stagingTableSpec } from "../../ts/gcp/bigquery-raw-sql.ts";
import { BigQueryRawStore } from "../../ts/gcp/bigquery-raw-store.ts";
import { addMissingColumnsSql, createDatasetSql, createTableSql } from "../../ts/gcp/bigquery-sql.ts";
import { BigQueryWarehouse } from "../../ts/gcp/bigquery-warehouse.ts";
import { RAW_TABLES } from "../../ts/raw/raw-tables.ts";
import { BigQueryFake, type FakeQueryResult } from "./bigquery-fake.ts";
import { OfflineBigQuery } from "./zetasql.ts";

const PROJECT = "nba-props-test";
const PREFIX = "test_";
/** Every parameter the raw statements bind, with the type the adapter gives it (ints INT64, the rest STRING). */
const PARAMS = {
  source_file: "STRING",
  source_hash: "STRING",
  loaded_at: "STRING",
  load_id: "STRING",
  table_name: "STRING",
  at: "STRING",
  kind: "STRING",
  status: "STRING",
  rows_loaded: "INT64",
  rows_rejected: "INT64",
  message: "STRING",
};
const FILE_TABLES = [...RAW_TABLES.values()].filter((s) => !["load_log", "superseded_rows"].includes(s.name));

let zetasql: OfflineBigQuery;
beforeAll(async () => {
  zetasql = await OfflineBigQuery.start();
}, 60_000);
afterAll(async () => zetasql?.stop());

describe("the raw layer's BigQuery statements", () => {
  it("partition raw tables by their game date (else their load time) and cluster them by source file", () => {
    expect(rawTableSpec(RAW_TABLES.get("player_box_scores")!, PREFIX)).toMatchObject({
      schema: "test_nba_raw",
      partitionBy: "game_date",
      clusterBy: ["source_file"],
    });
    expect(rawTableSpec(RAW_TABLES.get("player_prop_lines")!, PREFIX)).toMatchObject({ partitionBy: "event_date" });
    expect(rawTableSpec(RAW_TABLES.get("team_crosswalk")!, PREFIX)).toMatchObject({ partitionBy: "loaded_at" });
  });

  it("every statement of every raw table passes ZetaSQL with the parameters typed as bound", async () => {
    const sql = new RawSql(PROJECT, PREFIX);
    for (const spec of RAW_TABLES.values())
      zetasql.catalog.set(`${PROJECT}.test_nba_raw.${spec.name}`, toColumns(rawTableSpec(spec, PREFIX)));
    const failures: string[] = [];
    for (const spec of FILE_TABLES) {
      zetasql.catalog.set(`${PROJECT}.test_nba_raw.${spec.name}_incoming`, toColumns(stagingTableSpec(spec, PREFIX)));
      zetasql.declareLoadTemps(spec.columns);
      const statements = [
        sql.createIncoming(spec),
        sql.deleteStaged(spec),
        sql.deleteFileRows(spec),
        sql.insertIncoming(spec),
        sql.dropTemp(INCOMING),
      ];
      if (spec.key) {
        statements.push(
          sql.createAffectedKeys(spec, true),
          sql.createAffectedKeys(spec, false),
          sql.createKeyPool(spec, true),
          sql.createKeyPool(spec, false),
          sql.deleteSupersededOfFile(),
          sql.deleteAffectedRows(spec),
          sql.deleteAffectedSuperseded(),
          sql.insertWinners(spec),
          sql.insertSuperseded(spec),
          sql.poolCounts(),
        );
      }
      statements.push(sql.rowsOfFile(spec.name), sql.tableRowCount(spec.name), sql.rowCount(spec.name));
      failures.push(...(await zetasql.failures(statements, PARAMS)));
    }
    // the DDL that makes every raw and staging table of a fresh project (and adds columns declared later)
    const specs = [...RAW_TABLES.values()]
      .map((spec) => rawTableSpec(spec, PREFIX))
      .concat(FILE_TABLES.map((spec) => stagingTableSpec(spec, PREFIX)));
    failures.push(
      ...(await zetasql.failures([
        createDatasetSql(PROJECT, "test_nba_raw", "US"),
        ...specs.flatMap((spec) => [createTableSql(PROJECT, spec), addMissingColumnsSql(PROJECT, spec)]),
      ])),
    );
    const q = sql.referenceQueries();
    failures.push(
      ...(await zetasql.failures(
        [
          sql.recordLoad(),
          sql.latestLogEntry(),
          sql.sameContentLoadedAs(),
          sql.lastLoad(),
          q.crosswalk,
          q.aliases,
          q.players,
        ],
        PARAMS,
      )),
    );
    expect(failures).toEqual([]);
    // the check is not vacuous: an unknown column, an untyped parameter and a type error are caught
    const broken = [
      sql.rowCount("player_box_scores").replace("COUNT(*)", "COUNT(no_such_column)"),
      "SELECT @undeclared",
      "SELECT CAST(@rows_loaded AS DATE)",
    ];
    expect(await zetasql.failures(broken, PARAMS)).toHaveLength(3);
  }, 120_000);

  it("a superseded row's JSON decodes back to the table's columns (every column named, typed as declared)", () => {
    const pool = new RawSql(PROJECT, PREFIX).createKeyPool(RAW_TABLES.get("player_box_scores")!, true);
    for (const c of RAW_TABLES.get("player_box_scores")!.columns)
      expect(pool).toContain(`CAST(JSON_VALUE(s.row_json, '$.${c.name}') AS ${c.type}) AS ${c.name}`);
  });
});

describe("BigQueryRawStore against a fake BigQuery REST API", () => {
  const rows = [
    {
      team_id: 1610612737,
      tricode: "ATL",
      nba_team_name: "Atlanta Hawks",
      odds_api_team_name: "Atlanta Hawks",
      game_lines_code: "atl",
      game_lines_code_votes: "344/344",
      source_line: 2,
    },
    {
      team_id: 1610612738,
      tricode: "BOS",
      nba_team_name: "Boston Celtics",
      odds_api_team_name: "Boston Celtics",
      game_lines_code: "bos",
      game_lines_code_votes: "401/402",
      source_line: 3,
    },
  ];
  // The dataset as it stands: every table but injury_moves, player_box_scores without its last declared column.
  const boxScores = RAW_TABLES.get("player_box_scores")!;
  const present = [
    ...RAW_TABLES.values(),
    ...FILE_TABLES.map((spec) => ({
      ...spec,
      name: `${spec.name}_incoming`,
      columns: stagingTableSpec(spec, PREFIX).columns,
    })),
  ]
    .filter((spec) => spec.name !== "injury_moves")
    .flatMap((spec) =>
      (spec.name === "player_box_scores" ? spec.columns.slice(0, -1) : spec.columns).map((c) => ({
        table_name: spec.name,
        column_name: c.name,
      })),
    );
  const answer = (sql: string): FakeQueryResult =>
    sql.startsWith("SELECT COUNTIF(from_incoming = 1)")
      ? { rows: [{ inserted: 2, displaced: 0, restored: 0 }] }
      : sql.includes("INFORMATION_SCHEMA.COLUMNS")
        ? { rows: present }
        : {};
  const fake = new BigQueryFake(answer);
  let warehouse: BigQueryWarehouse;

  beforeAll(async () => {
    const endpoint = await fake.start();
    warehouse = new BigQueryWarehouse({
      projectId: PROJECT,
      location: "US",
      timeoutMs: 30_000,
      apiEndpoint: endpoint,
      maxRetryDelaySeconds: 1,
    });
  });
  afterAll(() => fake.stop());

  it("ensures the raw dataset with one read of its columns: only the missing table is created, only the table missing a column altered", async () => {
    fake.jobs.clear();
    await new BigQueryRawStore(warehouse, PREFIX).ensureTables();
    expect(fake.queries.map((q) => q.split("(")[0]!.split("\n")[0]!.trim())).toEqual([
      "SELECT table_name, column_name, data_type FROM `nba-props-test.region-us.INFORMATION_SCHEMA.COLUMNS` WHERE table_schema = @schema ORDER BY table_name, ordinal_position",
      "ALTER TABLE `nba-props-test.test_nba_raw.player_box_scores`",
      "CREATE TABLE IF NOT EXISTS `nba-props-test.test_nba_raw.injury_moves`",
    ]);
    expect(fake.queries[1]).toContain(`ADD COLUMN IF NOT EXISTS ${boxScores.columns.at(-1)!.name} `);
  });

  it("stages the rows by a load job, then replaces the file's rows in one session transaction, then drops the staged rows", async () => {
    fake.jobs.clear();
    const store = new BigQueryRawStore(warehouse, PREFIX);
    const spec = RAW_TABLES.get("team_crosswalk")!;
    await store.stageRows(spec, rows);
    const changes = await store.transaction((s) =>
      s.replaceFileRows(
        spec,
        { sourceFile: "reference/team_crosswalk.csv", sourceHash: "abc", loadedAt: "2026-11-30T12:00:00.000Z" },
        rows,
      ),
    );
    expect(changes).toEqual({ replaced: 0, inserted: 2, displaced: 0, restored: 0 });

    expect(fake.uploads).toHaveLength(1);
    const upload = fake.uploads[0]!;
    expect(upload.metadata.configuration.load.destinationTable).toEqual({
      projectId: PROJECT,
      datasetId: "test_nba_raw",
      tableId: "team_crosswalk_incoming",
    });
    const staged = upload.data
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(staged.map((r) => [r.tricode, r.source_line, r.source_file])).toEqual([
      ["ATL", 2, null],
      ["BOS", 3, null],
    ]);
    const loadId = staged[0].load_id as string;
    expect(staged.every((r) => r.load_id === loadId)).toBe(true);

    const jobs = fake.inserted.filter((j) => j.configuration.query).map((j) => j.configuration.query);
    const texts = jobs.map((q) => q.query as string);
    expect(texts[0]).toBe("BEGIN TRANSACTION");
    const commit = texts.indexOf("COMMIT TRANSACTION");
    expect(commit).toBeGreaterThan(0);
    // every statement between BEGIN and COMMIT runs in the transaction's session
    for (const q of jobs.slice(1, commit + 1))
      expect(q.connectionProperties).toEqual([{ key: "session_id", value: fake.sessionId }]);
    const create = jobs.find((q) => String(q.query).startsWith("CREATE TEMP TABLE raw_incoming"))!;
    expect(
      create.queryParameters
        .map((p: { name: string; parameterValue: { value: string } }) => [p.name, p.parameterValue.value])
        .sort(),
    ).toEqual([
      ["load_id", loadId],
      ["loaded_at", "2026-11-30T12:00:00.000Z"],
      ["source_file", "reference/team_crosswalk.csv"],
      ["source_hash", "abc"],
    ]);
    expect(
      texts.slice(0, commit).some((t) => t.startsWith("INSERT INTO `nba-props-test.test_nba_raw.team_crosswalk`")),
    ).toBe(true);
    // after the commit, outside the session: the staged rows of this load go
    const cleanup = jobs[commit + 1]!;
    expect(cleanup.query).toBe(
      "DELETE FROM `nba-props-test.test_nba_raw.team_crosswalk_incoming` WHERE load_id = @load_id",
    );
    expect(cleanup.connectionProperties).toBeUndefined();
    expect(cleanup.queryParameters[0].parameterValue.value).toBe(loadId);
  });

  it("refuses to replace rows that were not staged before the transaction", async () => {
    const store = new BigQueryRawStore(warehouse, PREFIX);
    const spec = RAW_TABLES.get("team_crosswalk")!;
    await expect(
      store.transaction((s) =>
        s.replaceFileRows(spec, { sourceFile: "f.csv", sourceHash: "h", loadedAt: "2026-11-30T12:00:00Z" }, rows),
      ),
    ).rejects.toThrow(/must be staged/);
    expect(fake.queries.at(-1)).toBe("ROLLBACK TRANSACTION");
  });
});

function toColumns(spec: TableSpec) {
  return spec.columns.map((c) => ({ name: c.name, type: parseBigQueryType(c.type) }));
}
