import type { TableSpec } from "../engine/warehouse.ts";
import { RAW_TABLES, type RawTableSpec, rawSchemaName } from "../raw/raw-tables.ts";
import { checkIdentifier, tablePath } from "./bigquery-sql.ts";

/**
 * The raw layer's statements in GoogleSQL (the BigQuery RawStore sends these; a test runs every one through the
 * ZetaSQL analyzer). Table and column names come from includes/raw_tables.js only; every value is a parameter.
 */
export const SUPERSEDED = "superseded_rows";
export const LOAD_LOG = "load_log";
/** Session temp tables of one load (inside its transaction). */
export const INCOMING = "raw_incoming";
export const AFFECTED = "raw_affected_keys";
export const POOL = "raw_key_pool";
export const LOAD_ID = "load_id";

const DATE_COLUMNS = ["game_date", "event_date", "move_date"];

/**
 * A raw table as BigQuery creates it: partitioned by its game date when it has one (else by when it was loaded),
 * clustered by source_file, which every replace and unload filters on.
 */
export function rawTableSpec(spec: RawTableSpec, datasetPrefix: string): TableSpec {
  const dateColumn = spec.columns.find((c) => DATE_COLUMNS.includes(c.name) && c.type === "DATE");
  const loadedAt = spec.columns.find((c) => c.name === "loaded_at" && c.type === "TIMESTAMP");
  return {
    schema: rawSchemaName(datasetPrefix),
    name: spec.name,
    description: spec.description,
    columns: spec.columns.map((c) => ({ name: c.name, type: c.type, description: c.description })),
    partitionBy: dateColumn?.name ?? loadedAt?.name,
    clusterBy: spec.columns.some((c) => c.name === "source_file") ? ["source_file"] : undefined,
  };
}

/** Where a load's parsed rows land (a load job) before its transaction: the table's columns plus the load's id. */
export function stagingTableSpec(spec: RawTableSpec, datasetPrefix: string): TableSpec {
  return {
    schema: rawSchemaName(datasetPrefix),
    name: `${spec.name}_incoming`,
    description: `Rows of ${spec.name} staged by a load job for one load (load_id); removed once the load committed or failed.`,
    columns: [{ name: LOAD_ID, type: "STRING" }, ...spec.columns.map((c) => ({ name: c.name, type: c.type }))],
    clusterBy: [LOAD_ID],
  };
}

export function allRawTableSpecs(datasetPrefix: string): TableSpec[] {
  return [...RAW_TABLES.values()].map((spec) => rawTableSpec(spec, datasetPrefix));
}

export class RawSql {
  constructor(
    private readonly project: string,
    private readonly datasetPrefix: string,
  ) {}

  table(name: string): string {
    return tablePath(this.project, rawSchemaName(this.datasetPrefix), name);
  }

  private columns(spec: RawTableSpec): string {
    return spec.columns.map((c) => checkIdentifier(c.name, "column")).join(", ");
  }

  /** The natural key as a JSON array of the key columns as text (the same text DuckDB's store writes). */
  private keyOf(spec: RawTableSpec, alias: string): string {
    return `TO_JSON_STRING([${spec.key!.map((k) => `CAST(${alias}.${checkIdentifier(k, "column")} AS STRING)`).join(", ")}])`;
  }

  /** The load's staged rows, as a session temp table (provenance bound per file). */
  createIncoming(spec: RawTableSpec): string {
    const select = spec.columns
      .map((c) => {
        if (c.name === "source_file") return "@source_file AS source_file";
        if (c.name === "source_hash") return "@source_hash AS source_hash";
        if (c.name === "loaded_at") return "CAST(@loaded_at AS TIMESTAMP) AS loaded_at";
        return checkIdentifier(c.name, "column");
      })
      .join(", ");
    return `CREATE TEMP TABLE ${INCOMING} AS SELECT ${select} FROM ${tablePath(this.project, rawSchemaName(this.datasetPrefix), `${spec.name}_incoming`)} WHERE ${LOAD_ID} = @load_id`;
  }

  deleteStaged(spec: RawTableSpec): string {
    return `DELETE FROM ${tablePath(this.project, rawSchemaName(this.datasetPrefix), `${spec.name}_incoming`)} WHERE ${LOAD_ID} = @load_id`;
  }

  dropTemp(name: string): string {
    return `DROP TABLE IF EXISTS ${checkIdentifier(name, "table")}`;
  }

  deleteFileRows(spec: RawTableSpec): string {
    return `DELETE FROM ${this.table(spec.name)} WHERE source_file = @source_file`;
  }

  insertIncoming(spec: RawTableSpec): string {
    return `INSERT INTO ${this.table(spec.name)} (${this.columns(spec)}) SELECT ${this.columns(spec)} FROM ${INCOMING}`;
  }

  createAffectedKeys(spec: RawTableSpec, incoming: boolean): string {
    return (
      `CREATE TEMP TABLE ${AFFECTED} AS\n` +
      `SELECT ${this.keyOf(spec, "t")} AS natural_key FROM ${this.table(spec.name)} t WHERE t.source_file = @source_file` +
      (incoming ? `\nUNION DISTINCT SELECT ${this.keyOf(spec, "i")} AS natural_key FROM ${INCOMING} i` : "")
    );
  }

  /**
   * One row per candidate for every touched key: the incoming rows, other files' rows holding those keys, other
   * files' superseded rows with those keys (decoded from row_json); ranked incoming first, then latest loaded_at,
   * then source_file; rank 1 goes to the table, the rest to superseded_rows naming the winner.
   */
  createKeyPool(spec: RawTableSpec, incoming: boolean): string {
    const columns = this.columns(spec);
    const decoded = spec.columns
      .map((c) => `CAST(JSON_VALUE(s.row_json, '$.${checkIdentifier(c.name, "column")}') AS ${c.type}) AS ${c.name}`)
      .join(", ");
    const order = "from_incoming DESC, loaded_at DESC, source_file DESC, source_line";
    const parts = [
      ...(incoming
        ? [
            `SELECT ${columns}, ${this.keyOf(spec, "i")} AS natural_key, 1 AS from_incoming, FALSE AS from_table FROM ${INCOMING} i`,
          ]
        : []),
      `SELECT ${columns}, ${this.keyOf(spec, "t")} AS natural_key, 0 AS from_incoming, TRUE AS from_table FROM ${this.table(spec.name)} t\n` +
        `  WHERE t.source_file <> @source_file AND ${this.keyOf(spec, "t")} IN (SELECT natural_key FROM ${AFFECTED})`,
      `SELECT ${columns}, natural_key, 0 AS from_incoming, FALSE AS from_table FROM (\n` +
        `  SELECT s.natural_key, s.source_file AS superseded_file, ${decoded}\n` +
        `  FROM ${this.table(SUPERSEDED)} s WHERE s.table_name = @table_name AND s.natural_key IN (SELECT natural_key FROM ${AFFECTED}))\n` +
        `  WHERE superseded_file <> @source_file`,
    ];
    return (
      `CREATE TEMP TABLE ${POOL} AS\n` +
      `SELECT *, ROW_NUMBER() OVER (PARTITION BY natural_key ORDER BY ${order}) AS key_rank,\n` +
      `  FIRST_VALUE(source_file) OVER (PARTITION BY natural_key ORDER BY ${order}) AS key_winner\n` +
      `FROM (\n${parts.join("\nUNION ALL\n")}\n)`
    );
  }

  deleteSupersededOfFile(): string {
    return `DELETE FROM ${this.table(SUPERSEDED)} WHERE table_name = @table_name AND source_file = @source_file`;
  }

  deleteAffectedRows(spec: RawTableSpec): string {
    return `DELETE FROM ${this.table(spec.name)} t WHERE ${this.keyOf(spec, "t")} IN (SELECT natural_key FROM ${AFFECTED})`;
  }

  deleteAffectedSuperseded(): string {
    return `DELETE FROM ${this.table(SUPERSEDED)} WHERE table_name = @table_name AND natural_key IN (SELECT natural_key FROM ${AFFECTED})`;
  }

  insertWinners(spec: RawTableSpec): string {
    return `INSERT INTO ${this.table(spec.name)} (${this.columns(spec)}) SELECT ${this.columns(spec)} FROM ${POOL} WHERE key_rank = 1`;
  }

  insertSuperseded(spec: RawTableSpec): string {
    return (
      `INSERT INTO ${this.table(SUPERSEDED)} (table_name, natural_key, source_file, source_line, source_hash, loaded_at, superseded_by, superseded_at, row_json)\n` +
      `SELECT @table_name, natural_key, source_file, source_line, source_hash, loaded_at, key_winner, CAST(@at AS TIMESTAMP), TO_JSON_STRING(STRUCT(${this.columns(spec)}))\n` +
      `FROM ${POOL} WHERE key_rank > 1`
    );
  }

  poolCounts(): string {
    return (
      "SELECT COUNTIF(from_incoming = 1) AS inserted, COUNTIF(from_table AND key_rank > 1) AS displaced,\n" +
      `  COUNTIF(NOT from_table AND from_incoming = 0 AND key_rank = 1) AS restored FROM ${POOL}`
    );
  }

  recordLoad(): string {
    return (
      `INSERT INTO ${this.table(LOAD_LOG)} (source_file, table_name, payload_kind, source_hash, status, rows_loaded, rows_rejected, message, loaded_at)\n` +
      "VALUES (@source_file, @table_name, @kind, @source_hash, @status, @rows_loaded, @rows_rejected, @message, CAST(@loaded_at AS TIMESTAMP))"
    );
  }

  latestLogEntry(): string {
    return (
      `SELECT source_hash, status, rows_loaded, rows_rejected FROM ${this.table(LOAD_LOG)}\n` +
      "WHERE source_file = @source_file AND table_name = @table_name ORDER BY loaded_at DESC LIMIT 1"
    );
  }

  rowsOfFile(table: string): string {
    return (
      `WITH held AS (\n` +
      `  SELECT source_hash, TRUE AS in_table FROM ${this.table(table)} WHERE source_file = @source_file\n` +
      `  UNION ALL\n` +
      `  SELECT source_hash, FALSE AS in_table FROM ${this.table(SUPERSEDED)} WHERE table_name = @table_name AND source_file = @source_file)\n` +
      "SELECT COUNTIF(in_table) AS in_table, COUNTIF(NOT in_table) AS superseded, COUNTIF(source_hash = @source_hash) AS same_version FROM held"
    );
  }

  tableRowCount(table: string): string {
    return `SELECT (SELECT COUNT(*) FROM ${this.table(table)}) + (SELECT COUNT(*) FROM ${this.table(SUPERSEDED)} WHERE table_name = @table_name) AS n`;
  }

  rowCount(table: string): string {
    return `SELECT COUNT(*) AS n FROM ${this.table(table)}`;
  }

  sameContentLoadedAs(): string {
    const log = this.table(LOAD_LOG);
    return (
      `SELECT l.source_file FROM ${log} l\n` +
      "WHERE l.table_name = @table_name AND l.source_hash = @source_hash AND l.source_file <> @source_file AND l.status = 'loaded'\n" +
      `  AND NOT EXISTS (SELECT 1 FROM ${log} later WHERE later.source_file = l.source_file AND later.table_name = l.table_name AND later.loaded_at > l.loaded_at)\n` +
      "ORDER BY l.source_file LIMIT 1"
    );
  }

  lastLoad(): string {
    return `SELECT table_name, payload_kind, source_hash, status FROM ${this.table(LOAD_LOG)} WHERE source_file = @source_file ORDER BY loaded_at DESC LIMIT 1`;
  }

  referenceQueries(): { crosswalk: string; aliases: string; players: string } {
    return {
      crosswalk: `SELECT team_id, tricode, nba_team_name, odds_api_team_name, game_lines_code FROM ${this.table("team_crosswalk")}`,
      aliases: `SELECT alias_lookup, nba_player_id FROM ${this.table("player_aliases")}`,
      players: `SELECT DISTINCT player_id, player_name FROM ${this.table("player_box_scores")}`,
    };
  }
}
