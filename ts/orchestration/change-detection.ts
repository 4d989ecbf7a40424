import { createHash } from "node:crypto";
import { quoteIdent, type TableRef, tableSql } from "../engine/dml.ts";
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
    this.state = processingTable(prefix, "published_hashes");
    this.versions = processingTable(prefix, "processor_versions");
  }

  async currentVersion(processor: string): Promise<string> {
    const [row] = await this.warehouse.query<{ v: string }>(
      `SELECT output_version AS v FROM ${this.versions} WHERE processor_name = $p`,
      {
        params: { p: processor },
      },
    );
    return row?.v ?? "none";
  }

  async detect(model: ModelShape, window: Window): Promise<Changes> {
    const previous = await this.currentVersion(model.name);
    if (!model.columns.has("data_hash") || model.uniqueKey.length === 0) return this.detectByContent(model, previous);
    const { current, params } = this.currentRows(model, window);
    const [r] = await this.warehouse.query<{
      n: number;
      players: string | null;
      teams: string | null;
      total_players: number;
      total_teams: number;
    }>(
      `WITH cur AS (${current}),
       old AS (SELECT row_key, data_hash, player, team FROM ${this.state} WHERE table_name = $t ${this.windowFilter(model, "game_date")}),
       diff AS (
         SELECT c.player, c.team FROM cur c LEFT JOIN old o ON o.row_key = c.row_key WHERE o.row_key IS NULL OR o.data_hash IS DISTINCT FROM c.data_hash
         UNION ALL
         SELECT o.player, o.team FROM old o LEFT JOIN cur c ON c.row_key = o.row_key WHERE c.row_key IS NULL)
       SELECT (SELECT count(*) FROM diff) AS n,
              (SELECT to_json(list(DISTINCT player ORDER BY player)) FROM diff WHERE player IS NOT NULL) AS players,
              (SELECT to_json(list(DISTINCT team ORDER BY team)) FROM diff WHERE team IS NOT NULL) AS teams,
              (SELECT count(DISTINCT player) FROM cur) AS total_players, (SELECT count(DISTINCT team) FROM cur) AS total_teams`,
      { params: { ...params, t: model.name } },
    );
    const players = r!.players ? (JSON.parse(r!.players) as string[]) : [];
    const teams = r!.teams ? (JSON.parse(r!.teams) as string[]) : [];
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
    const [r] = await this.warehouse.query<{ n: number; h: string | null }>(
      `SELECT count(*) AS n, CAST(sum(CAST(hash(t) AS HUGEINT)) AS VARCHAR) AS h FROM ${tableSql(model.ref)} AS t`,
    );
    const rows = Number(r!.n);
    const outputVersion = sha(`content|${rows}|${r!.h ?? ""}`);
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

  /** Makes the model's current rows in the window the published state, and records its output version. */
  async commit(model: ModelShape, window: Window, outputVersion: string): Promise<void> {
    await this.warehouse.transaction(async (s) => {
      if (model.columns.has("data_hash") && model.uniqueKey.length > 0) {
        const { current, params } = this.currentRows(model, window);
        await s.execute(`DELETE FROM ${this.state} WHERE table_name = $t ${this.windowFilter(model, "game_date")}`, {
          params: { ...params, t: model.name },
        });
        await s.execute(
          `INSERT INTO ${this.state} SELECT $t, row_key, data_hash, player, team, game_date FROM (${current})`,
          {
            params: { ...params, t: model.name },
          },
        );
      }
      await s.execute(
        `INSERT INTO ${this.versions} VALUES ($p, $v, current_timestamp) ON CONFLICT (processor_name) DO UPDATE SET output_version = excluded.output_version, updated_at = excluded.updated_at`,
        { params: { p: model.name, v: outputVersion } },
      );
    });
  }

  private windowFilter(model: ModelShape, column: string): string {
    return model.columns.has("game_date") ? `AND ${column} BETWEEN CAST($s AS DATE) AND CAST($e AS DATE)` : "";
  }

  /** The model's rows in the window as (row_key, data_hash, player, team, game_date); identifiers are quoted, values bound. */
  private currentRows(model: ModelShape, window: Window): { current: string; params: Record<string, string> } {
    // A row's entity is its player when it has one (its team is then an attribute), else its team.
    const entity = (c: string) =>
      model.columns.has(c) && (c === "player_lookup" || !model.columns.has("player_lookup"));
    const col = (c: string, alias: string) =>
      entity(c) ? `CAST(${quoteIdent(c)} AS VARCHAR) AS ${alias}` : `CAST(NULL AS VARCHAR) AS ${alias}`;
    const key = `concat_ws('|', ${model.uniqueKey.map((k) => `CAST(${quoteIdent(k)} AS VARCHAR)`).join(", ")})`;
    const date = model.columns.has("game_date") ? quoteIdent("game_date") : "CAST(NULL AS DATE)";
    const current = `SELECT ${key} AS row_key, CAST(${quoteIdent("data_hash")} AS VARCHAR) AS data_hash, ${col("player_lookup", "player")}, ${col("team_abbr", "team")}, ${date} AS game_date
      FROM ${tableSql(model.ref)} WHERE TRUE ${this.windowFilter(model, quoteIdent("game_date"))}`;
    return { current, params: model.columns.has("game_date") ? { s: window.start, e: window.end } : {} };
  }
}

export const sha = (s: string): string => createHash("sha256").update(s).digest("hex").slice(0, 16);
