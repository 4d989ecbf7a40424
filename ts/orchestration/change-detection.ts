import { createHash } from "node:crypto";
import type { TableRef } from "../engine/dml.ts";
import type { Warehouse } from "../engine/warehouse.ts";
import { processingTable } from "./warehouse-tables.ts";

/**
 * Change detection, set-based: the rows of a model whose data_hash differs from the state last published
 * (nba_processing.published_hashes), inside the run window. A new, changed or vanished row counts; its
 * player_lookup (or, in a table keyed by team, its team_abbr) is a changed entity. After the completion is published, commit() makes the
 * current rows the published state and moves the processor's output version, so a rerun that crashed before
 * commit() finds and publishes the same changes again.
 */
export interface ModelShape {
  /** Logical name (the processor), e.g. player_game_summary. */
  name: string;
  ref: TableRef;
  uniqueKey: string[];
  columns: Set<string>;
}

export interface Changes {
  rows: number;
  players: string[];
  teams: string[];
  /** Distinct entities of the window: a change touching fewer than all of them is incremental. */
  totalPlayers: number;
  totalTeams: number;
  /** False when the model has no data_hash or the change covers every entity (downstream runs in full). */
  incremental: boolean;
  outputVersion: string;
}

export interface Window {
  start: string;
  end: string;
}

const MAX_SCOPED_ENTITIES = 2000;

export class ChangeDetector {
  private readonly state: string;
  private readonly versions: string;

  constructor(
    private readonly warehouse: Warehouse,
    prefix: string,
  ) {
    this.state = processingTable(warehouse, prefix, "published_hashes");
    this.versions = processingTable(warehouse, prefix, "processor_versions");
  }

  async currentVersion(processor: string): Promise<string> {
    const [row] = await this.warehouse.queryGoogleSql<{ v: string }>(
      `SELECT output_version AS v FROM ${this.versions} WHERE processor_name = @p`,
      { params: { p: processor }, labels: { action: "processor_versions" } },
    );
    return row?.v ?? "none";
  }

  async detect(model: ModelShape, window: Window): Promise<Changes> {
    const previous = await this.currentVersion(model.name);
    if (!model.columns.has("data_hash") || model.uniqueKey.length === 0) return this.detectByContent(model, previous);
    const { current, params } = this.currentRows(model, window);
    const [r] = await this.warehouse.queryGoogleSql<{
      n: number;
      players: string | null;
      teams: string | null;
      total_players: number;
      total_teams: number;
    }>(
      `WITH cur AS (${current}),
       old AS (SELECT row_key, data_hash, player, team FROM ${this.state} WHERE table_name = @t ${this.windowFilter(model, "game_date")}),
       diff AS (
         SELECT c.player, c.team FROM cur c LEFT JOIN old o ON o.row_key = c.row_key WHERE o.row_key IS NULL OR o.data_hash IS DISTINCT FROM c.data_hash
         UNION ALL
         SELECT o.player, o.team FROM old o LEFT JOIN cur c ON c.row_key = o.row_key WHERE c.row_key IS NULL)
       SELECT (SELECT COUNT(*) FROM diff) AS n,
              (SELECT TO_JSON_STRING(ARRAY_AGG(DISTINCT player ORDER BY player)) FROM diff WHERE player IS NOT NULL) AS players,
              (SELECT TO_JSON_STRING(ARRAY_AGG(DISTINCT team ORDER BY team)) FROM diff WHERE team IS NOT NULL) AS teams,
              (SELECT COUNT(DISTINCT player) FROM cur) AS total_players, (SELECT COUNT(DISTINCT team) FROM cur) AS total_teams`,
      { params: { ...params, t: model.name }, labels: { action: `changes_${model.name}` } },
    );
    const players = jsonList(r!.players);
    const teams = jsonList(r!.teams);
    const rows = Number(r!.n);
    const totalPlayers = Number(r!.total_players);
    const totalTeams = Number(r!.total_teams);
    const hasEntities = model.columns.has("player_lookup") || model.columns.has("team_abbr");
    const incremental =
      hasEntities &&
      players.length + teams.length <= MAX_SCOPED_ENTITIES &&
      (rows === 0 ||
        ((players.length < totalPlayers || totalPlayers === 0) && (teams.length < totalTeams || totalTeams === 0)));
    const outputVersion =
      rows === 0
        ? previous
        : sha(`${previous}|${rows}|${players.join(",")}|${teams.join(",")}|${window.start}..${window.end}`);
    return { rows, players, teams, totalPlayers, totalTeams, incremental, outputVersion };
  }

  /**
   * A model without data_hash or key (a reference table, a daily aggregate): its output version is a fingerprint of
   * its whole content (row count and the sum of the row hashes, order-free, duplicates counted), so downstream runs
   * again only when the table really changed. A change names no entity: downstream runs in full.
   */
  private async detectByContent(model: ModelShape, previous: string): Promise<Changes> {
    const { rows, fingerprint } = await this.warehouse.contentFingerprint(model.ref.schema, model.ref.name);
    const outputVersion = sha(`content|${rows}|${fingerprint}`);
    return {
      rows: outputVersion === previous ? 0 : rows,
      players: [],
      teams: [],
      totalPlayers: 0,
      totalTeams: 0,
      incremental: false,
      outputVersion,
    };
  }

  /**
   * Makes the model's current rows in the window the published state, and records its output version, in one
   * transaction (a version moved without its state, or the reverse, would hide or repeat a change): so the version
   * is upserted by a MERGE in the transaction's session, not by mergeRows (its own transaction).
   */
  async commit(model: ModelShape, window: Window, outputVersion: string): Promise<void> {
    await this.warehouse.transaction(async (s) => {
      if (model.columns.has("data_hash") && model.uniqueKey.length > 0) {
        const { current, params } = this.currentRows(model, window);
        const options = { params: { ...params, t: model.name }, labels: { action: `publish_${model.name}` } };
        await s.executeGoogleSql(
          `DELETE FROM ${this.state} WHERE table_name = @t ${this.windowFilter(model, "game_date")}`,
          options,
        );
        await s.executeGoogleSql(
          `INSERT INTO ${this.state} (table_name, row_key, data_hash, player, team, game_date)
           SELECT @t, row_key, data_hash, player, team, game_date FROM (${current})`,
          options,
        );
      }
      await s.executeGoogleSql(
        `MERGE ${this.versions} T
         USING (SELECT @p AS processor_name, @v AS output_version, CAST(@at AS TIMESTAMP) AS updated_at) S
         ON T.processor_name = S.processor_name
         WHEN MATCHED THEN UPDATE SET output_version = S.output_version, updated_at = S.updated_at
         WHEN NOT MATCHED THEN INSERT (processor_name, output_version, updated_at) VALUES (S.processor_name, S.output_version, S.updated_at)`,
        {
          params: { p: model.name, v: outputVersion, at: new Date().toISOString() },
          labels: { action: "processor_versions" },
        },
      );
    });
  }

  private windowFilter(model: ModelShape, dateColumn: string): string {
    return model.columns.has("game_date") ? `AND ${dateColumn} BETWEEN CAST(@s AS DATE) AND CAST(@e AS DATE)` : "";
  }

  /** The model's rows in the window as (row_key, data_hash, player, team, game_date); identifiers are quoted, values bound. */
  private currentRows(model: ModelShape, window: Window): { current: string; params: Record<string, string> } {
    // A row's entity is its player when it has one (its team is then an attribute), else its team.
    const entity = (c: string) =>
      model.columns.has(c) && (c === "player_lookup" || !model.columns.has("player_lookup"));
    const col = (c: string, alias: string) =>
      entity(c) ? `CAST(${column(c)} AS STRING) AS ${alias}` : `CAST(NULL AS STRING) AS ${alias}`;
    // A unique key's parts are never NULL (the runner refuses such rows), so CONCAT never yields NULL here.
    const key = `CONCAT(${model.uniqueKey.map((k) => `CAST(${column(k)} AS STRING)`).join(", '|', ")})`;
    const date = model.columns.has("game_date") ? column("game_date") : "CAST(NULL AS DATE)";
    const current = `SELECT ${key} AS row_key, CAST(${column("data_hash")} AS STRING) AS data_hash, ${col("player_lookup", "player")}, ${col("team_abbr", "team")}, ${date} AS game_date
      FROM ${this.warehouse.tablePath(model.ref.schema, model.ref.name)} WHERE TRUE ${this.windowFilter(model, column("game_date"))}`;
    return { current, params: model.columns.has("game_date") ? { s: window.start, e: window.end } : {} };
  }
}

/** A column name in GoogleSQL text: a declared identifier, backticked. */
function column(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`refusing unsafe column name "${name}"`);
  return `\`${name}\``;
}

/** A TO_JSON_STRING(ARRAY_AGG(...)) answer: NULL (DuckDB) or "null" (BigQuery) when no row was aggregated. */
const jsonList = (text: string | null): string[] => (text ? ((JSON.parse(text) as string[] | null) ?? []) : []);

export const sha = (s: string): string => createHash("sha256").update(s).digest("hex").slice(0, 16);
