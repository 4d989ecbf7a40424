import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import type { ColumnSpec, TableSpec } from "../../ts/engine/warehouse.ts";
import type { FakeQueryResult } from "./bigquery-fake.ts";
import { answersFromDuckDb } from "./bigquery-on-duckdb.ts";

type Row = Record<string, string | number | null>;

/** A query job's named parameters as the adapter bound them (`@name` → value; NULL as null). */
export function jobParams(query: Record<string, any>): Record<string, string | null> {
  const parameters: { name: string; parameterValue?: { value?: string } }[] = query.queryParameters ?? [];
  return Object.fromEntries(parameters.map((p) => [p.name, p.parameterValue?.value ?? null]));
}

interface RawFile {
  hash: string;
  rows: number;
}

interface LogEntry {
  source_file: string;
  table_name: string;
  source_hash: string;
  status: string;
  rows_loaded: number;
  rows_rejected: number;
  seq: number;
}

/**
 * A fresh Google Cloud project as the BigQuery fake's answer function, holding just enough state to answer what a
 * `daily` asks consistently: the raw tables fill from the rows the load jobs staged (counts per file, the
 * reference rows the resolvers read back, the players and teams of each game date), `load_log`, `flows`,
 * `step_state` and `processor_versions` keep what was written to them, and published change state is remembered per
 * model; the DDL sent makes the tables INFORMATION_SCHEMA.COLUMNS lists. The models Dataform builds for a window hold one row per player (or team) who played that day; a model
 * without data_hash has a stable content. Statements the world does not read (temp tables, transactions) answer an
 * empty result; the reads it does not model (the report's sections) run on an in-memory DuckDB holding the tables
 * the DDL made, empty (so an aggregate still answers its one row).
 */
export class BigQueryWorld {
  /** Per raw table: source_file → the version loaded and its row count. */
  private readonly raw = new Map<string, Map<string, RawFile>>();
  /** Staged load jobs not yet applied: load_id → table, rows. */
  private readonly staged = new Map<string, { table: string; rows: Row[] }>();
  private incoming: { table: string; rows: Row[]; file: string; hash: string } | null = null;
  private readonly reference = new Map<string, Row[]>();
  private readonly playersById = new Map<string, string>();
  /** game_date → player_lookup / team tricode of the box scores loaded. */
  private readonly playersOn = new Map<string, Set<string>>();
  private readonly teamsOn = new Map<string, Set<string>>();
  private firstPropLine: string | null = null;
  readonly loadLog: LogEntry[] = [];
  readonly flows: Row[] = [];
  readonly stepState = new Map<string, Row>();
  private readonly mergeStage = new Map<string, Row[]>();
  readonly processorVersions = new Map<string, string>();
  /** Tables made by the DDL sent (`dataset.table` → its columns and types), as INFORMATION_SCHEMA.COLUMNS lists them. */
  readonly tables = new Map<string, TableSpec["columns"]>();
  private duckdb?: Promise<DuckDbWarehouse>;
  private readonly inDuckDb = new Set<string>();

  constructor(private readonly project: string) {}

  async close(): Promise<void> {
    if (this.duckdb) await (await this.duckdb).close();
  }
  /** Change state published per model and window. */
  private readonly published = new Set<string>();
  /** The rows an assertion's view holds (its offending rows), by assertion name; absent: none. */
  readonly assertionOutputs = new Map<string, Row[]>();
  /** Every row appended by a load job, per destination table. */
  readonly appended = new Map<string, Row[]>();
  private seq = 0;

  /** BigQueryFake.onUpload: the rows of a load job. */
  upload(metadata: Record<string, any>, data: string): void {
    const table = metadata.configuration.load.destinationTable.tableId as string;
    const rows = data
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as Row);
    if (table.endsWith("_incoming")) {
      this.staged.set(String(rows[0]?.load_id), { table: table.slice(0, -"_incoming".length), rows });
    } else if (table.endsWith("_stage")) {
      this.mergeStage.set(String(rows[0]?.merge_batch_id), rows);
    } else {
      this.appended.set(table, [...(this.appended.get(table) ?? []), ...rows]);
      if (table === "flows") this.flows.push(...rows);
    }
  }

  /** BigQueryFake's answer: the statement read against the world's state. */
  answer = (sql: string, query: Record<string, any>): FakeQueryResult | Promise<FakeQueryResult> => {
    const modelled = this.modelled(sql, query);
    if (modelled) return modelled;
    return /^(SELECT|WITH)\b/.test(sql.trim()) ? this.fromDuckDb(sql, query) : {};
  };

  /** A read the world does not model, on DuckDB's copy of the tables the DDL made (empty). */
  private async fromDuckDb(sql: string, query: Record<string, any>): Promise<FakeQueryResult> {
    this.duckdb ??= DuckDbWarehouse.open(":memory:");
    const duckdb = await this.duckdb;
    const missing = [...this.tables].filter(([key]) => !this.inDuckDb.has(key));
    await duckdb.ensureTables(
      missing.map(([key, columns]) => ({ schema: key.split(".")[0]!, name: key.split(".")[1]!, columns })),
    );
    for (const [key] of missing) this.inDuckDb.add(key);
    return answersFromDuckDb(duckdb, this.project)(sql, query);
  }

  /** The statements the world answers from its state; undefined: not one of them. */
  private modelled(sql: string, query: Record<string, any>): FakeQueryResult | undefined {
    const p = jobParams(query);
    const text = sql.trim();
    const table = /(?:FROM|INTO|UPDATE|MERGE) `[^`.]+\.[^`.]+\.([^`]+)`/.exec(text)?.[1];
    // the tables a fresh project gets from their declarations
    const ddl = /^(?:CREATE TABLE IF NOT EXISTS|ALTER TABLE) `[^`.]+\.([^`.]+)\.([^`.]+)`/.exec(text);
    if (ddl) {
      const key = `${ddl[1]}.${ddl[2]}`;
      const declared = [
        ...text.matchAll(
          /^ {2}(?:ADD COLUMN IF NOT EXISTS )?([A-Za-z_][A-Za-z0-9_]*) ([A-Z][A-Z0-9<>, ]*?)(?: OPTIONS \(|,?$)/gm,
        ),
      ].map((m) => ({ name: m[1]!, type: m[2]! as ColumnSpec["type"] }));
      const known = this.tables.get(key) ?? [];
      if (!this.tables.has(key) || text.startsWith("ALTER"))
        this.tables.set(key, [...known, ...declared.filter((c) => !known.some((k) => k.name === c.name))]);
      return {};
    }
    if (text.startsWith("SELECT table_name, column_name") && text.includes("INFORMATION_SCHEMA.COLUMNS"))
      return {
        rows: [...this.tables]
          .filter(([key]) => key.startsWith(`${p.schema}.`))
          .flatMap(([key, columns]) =>
            columns.map((c) => ({ table_name: key.split(".")[1]!, column_name: c.name, data_type: c.type })),
          ),
      };
    // the raw store
    if (text.startsWith("CREATE TEMP TABLE raw_incoming")) {
      const staged = this.staged.get(p.load_id!)!;
      this.incoming = { ...staged, file: p.source_file!, hash: p.source_hash! };
      return {};
    }
    if (text.startsWith("DELETE FROM") && table?.endsWith("_incoming")) {
      this.staged.delete(p.load_id!);
      return {};
    }
    if (text.startsWith("SELECT source_hash, status, rows_loaded, rows_rejected FROM")) {
      const last = this.latestLog((e) => e.source_file === p.source_file && e.table_name === p.table_name);
      return { rows: last ? [this.logRow(last)] : [] };
    }
    if (text.startsWith("SELECT table_name, payload_kind, source_hash, status FROM")) {
      const last = this.latestLog((e) => e.source_file === p.source_file);
      return {
        rows: last
          ? [{ table_name: last.table_name, payload_kind: "", source_hash: last.source_hash, status: last.status }]
          : [],
      };
    }
    if (text.startsWith("SELECT l.source_file FROM")) {
      const same = this.loadLog.filter(
        (e) => e.table_name === p.table_name && e.source_hash === p.source_hash && e.source_file !== p.source_file,
      );
      return { rows: same.slice(0, 1).map((e) => ({ source_file: e.source_file })) };
    }
    if (text.startsWith("WITH held AS")) {
      const file = this.raw.get(table!)?.get(p.source_file!);
      const held = file?.rows ?? 0;
      return { rows: [{ in_table: held, superseded: 0, same_version: file?.hash === p.source_hash ? held : 0 }] };
    }
    if (text.startsWith("SELECT (SELECT COUNT(*)") || text.startsWith("SELECT COUNT(*) AS n FROM `")) {
      if (text.includes("INFORMATION_SCHEMA")) return { rows: [{ n: 1 }] };
      return { rows: [{ n: this.rawCount(table!) }] };
    }
    if (text.startsWith("SELECT team_id, tricode")) return { rows: this.reference.get("team_crosswalk") ?? [] };
    if (text.startsWith("SELECT alias_lookup, nba_player_id"))
      return {
        rows: (this.reference.get("player_aliases") ?? []).map((r) => ({
          alias_lookup: r.alias_lookup!,
          nba_player_id: r.nba_player_id!,
        })),
      };
    if (text.startsWith("SELECT DISTINCT player_id, player_name"))
      return { rows: [...this.playersById].map(([player_id, player_name]) => ({ player_id, player_name })) };
    if (text.startsWith("DELETE FROM") && table && this.incoming?.table === table && !text.includes("IN (SELECT")) {
      const replaced = this.raw.get(table)?.get(p.source_file!)?.rows ?? 0;
      this.raw.get(table)?.delete(p.source_file!);
      return { numDmlAffectedRows: replaced };
    }
    if (text.startsWith("INSERT INTO") && this.incoming && table === this.incoming.table) {
      this.applyIncoming();
      return { numDmlAffectedRows: this.incomingRows };
    }
    if (text.startsWith("SELECT COUNTIF(from_incoming = 1)"))
      return { rows: [{ inserted: this.incomingRows, displaced: 0, restored: 0 }] };
    if (text.startsWith("INSERT INTO") && table === "load_log") {
      this.loadLog.push({
        source_file: p.source_file!,
        table_name: p.table_name!,
        source_hash: p.source_hash!,
        status: p.status!,
        rows_loaded: Number(p.rows_loaded),
        rows_rejected: Number(p.rows_rejected),
        seq: ++this.seq,
      });
      return {};
    }
    if (text.startsWith("SELECT table_name, STRING_AGG(")) return { rows: this.fileVersions() };
    // the flow's bookkeeping
    if (text.startsWith("SELECT correlation_id AS c FROM")) {
      const open = this.flows.filter(
        (f) =>
          f.mode === p.mode &&
          f.start_date === p.s &&
          f.end_date === p.e &&
          (f.status === "running" || f.status === "incomplete"),
      );
      return { rows: open.slice(-1).map((f) => ({ c: f.correlation_id ?? null })) };
    }
    if (text.startsWith("UPDATE") && table === "flows") {
      for (const f of this.flows.filter((f) => f.correlation_id === p.c))
        Object.assign(f, { status: p.status, note: p.note });
      return {};
    }
    if (text.startsWith("SELECT status, note FROM"))
      return {
        rows: this.flows
          .filter((f) => f.correlation_id === p.c)
          .map((f) => ({ status: f.status ?? null, note: f.note ?? null })),
      };
    if (text.startsWith("SELECT input_fingerprint AS f") || text.startsWith("SELECT output_versions AS o")) {
      const row = this.stepState.get(`${p.step}|${p.w}`);
      if (!row) return { rows: [] };
      return {
        rows: [text.includes("AS f") ? { f: row.input_fingerprint ?? null } : { o: row.output_versions ?? null }],
      };
    }
    if (text.startsWith("MERGE") && table === "step_state") {
      for (const { merge_batch_id: _, ...row } of this.mergeStage.get(p.merge_batch_id!) ?? [])
        this.stepState.set(`${row.step}|${row.window_key}`, row);
      return { numDmlAffectedRows: 1 };
    }
    if (text.startsWith("DELETE FROM") && table?.endsWith("_stage")) {
      this.mergeStage.delete(p.merge_batch_id!);
      return {};
    }
    if (text.startsWith("SELECT output_version AS v FROM")) {
      const v = this.processorVersions.get(p.p!);
      return { rows: v ? [{ v }] : [] };
    }
    if (text.startsWith("MERGE") && table === "processor_versions") {
      this.processorVersions.set(p.p!, p.v!);
      return { numDmlAffectedRows: 1 };
    }
    if (text.startsWith("INSERT INTO") && table === "published_hashes") {
      this.published.add(`${p.t}|${p.s}|${p.e}`);
      return {};
    }
    if (text.startsWith("SELECT COUNT(*) AS failing_rows")) {
      const rows = this.assertionOutputs.get(table!) ?? [];
      return { rows: [{ failing_rows: rows.length, sample_rows: JSON.stringify(rows.slice(0, 5)) }] };
    }
    if (text.startsWith("WITH cur AS")) return { rows: [this.changes(text, p)] };
    if (text.includes("FARM_FINGERPRINT")) return { rows: [{ n: 1, h: `content-of-${table}` }] };
    // the predictions step: lines start with the first prop line loaded; features reach the window's last day
    if (text.includes("AS first_line"))
      return { rows: [{ first_line: this.firstPropLine, last_feature: this.lastGameDate() }] };
    return undefined;
  }

  /** Rows of a raw table (its superseded rows: none, every shipped file's keys are its own). */
  rawCount(table: string): number {
    return [...(this.raw.get(table)?.values() ?? [])].reduce((n, f) => n + f.rows, 0);
  }

  private get incomingRows(): number {
    return this.incoming?.rows.length ?? 0;
  }

  private applyIncoming(): void {
    const { table, rows, file, hash } = this.incoming!;
    const files = this.raw.get(table) ?? new Map<string, RawFile>();
    files.set(file, { hash, rows: rows.length });
    this.raw.set(table, files);
    if (table === "team_crosswalk" || table === "player_aliases") this.reference.set(table, rows);
    for (const r of rows) {
      if (table === "player_box_scores") {
        this.playersById.set(String(r.player_id), String(r.player_name));
        add(this.playersOn, String(r.game_date), String(r.player_lookup));
        add(this.teamsOn, String(r.game_date), String(r.team_abbr));
      }
      if (table === "player_prop_lines") {
        const date = String(r.event_date ?? r.game_date ?? "");
        if (date && (!this.firstPropLine || date < this.firstPropLine)) this.firstPropLine = date;
      }
    }
  }

  private lastGameDate(): string | null {
    return [...this.playersOn.keys()].sort().at(-1) ?? null;
  }

  private latestLog(match: (e: LogEntry) => boolean): LogEntry | undefined {
    return this.loadLog.filter(match).at(-1);
  }

  private logRow(e: LogEntry): Row {
    return { source_hash: e.source_hash, status: e.status, rows_loaded: e.rows_loaded, rows_rejected: e.rows_rejected };
  }

  /** raw_file_versions: per table, its files' latest loaded versions as `file=hash,…` ordered by file. */
  private fileVersions(): Row[] {
    const latest = new Map<string, LogEntry>();
    for (const e of this.loadLog) latest.set(e.source_file, e);
    const byTable = new Map<string, string[]>();
    for (const e of [...latest.values()]
      .filter((e) => e.status === "loaded")
      .sort((a, b) => (a.source_file < b.source_file ? -1 : 1)))
      byTable.set(e.table_name, [...(byTable.get(e.table_name) ?? []), `${e.source_file}=${e.source_hash}`]);
    return [...byTable].map(([table_name, files]) => ({ table_name, files: files.join(",") }));
  }

  /**
   * Change detection of a model built for the window: before its first publish for the window every row is new (one
   * per player, or team, who played in it); once published, nothing changed.
   */
  private changes(sql: string, p: Record<string, string | null>): Row {
    const byPlayer = sql.includes("CAST(`player_lookup` AS STRING) AS player");
    const byTeam = !byPlayer && sql.includes("CAST(`team_abbr` AS STRING) AS team");
    const days = [...this.playersOn.keys()].filter((d) => (!p.s || d >= p.s) && (!p.e || d <= p.e));
    const players = [...new Set(days.flatMap((d) => [...this.playersOn.get(d)!]))].sort();
    const teams = [...new Set(days.flatMap((d) => [...this.teamsOn.get(d)!]))].sort();
    const current = byPlayer ? players.length : byTeam ? teams.length : 0;
    const changed = this.published.has(`${p.t}|${p.s}|${p.e}`) ? 0 : current;
    return {
      n: changed,
      players: byPlayer && changed > 0 ? JSON.stringify(players) : "null",
      teams: byTeam && changed > 0 ? JSON.stringify(teams) : "null",
      total_players: byPlayer ? players.length : 0,
      total_teams: byTeam ? teams.length : 0,
    };
  }
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  map.set(key, (map.get(key) ?? new Set()).add(value));
}
