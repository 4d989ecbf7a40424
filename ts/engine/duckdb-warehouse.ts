import fs from "node:fs";
import path from "node:path";
import { type DuckDBConnection, DuckDBInstance, type DuckDBResultReader } from "@duckdb/node-api";
import { registerBigQueryFunctions } from "./dialect/udfs.ts";
import { createSchema, quoteIdent, tableSql } from "./dml.ts";
import { jsonLines, jsonRowsSource } from "./duckdb-json-rows.ts";
import { columnsByTable, ensureTables } from "./ensure-tables.ts";
import { googleSqlTablePath, googleSqlToDuckDb } from "./google-sql-on-duckdb.ts";
import {
  type ColumnSpec,
  type ColumnType,
  type ContentFingerprint,
  type MergeRowsOptions,
  type QueryOptions,
  QueryTimeoutError,
  type Row,
  type SqlParam,
  type TableColumn,
  type TableSpec,
  type Warehouse,
  type WarehouseSession,
} from "./warehouse.ts";

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const LOAD_CHUNK_ROWS = 500;

const DUCKDB_TYPES: Record<ColumnType, string> = {
  STRING: "VARCHAR",
  INT64: "BIGINT",
  FLOAT64: "DOUBLE",
  NUMERIC: "DECIMAL(38,9)",
  BOOL: "BOOLEAN",
  DATE: "DATE",
  TIMESTAMP: "TIMESTAMP",
};

/** BigQuery's type for a DuckDB column type (the DuckDB adapter's datasetColumns). */
function bigQueryTypeOf(duckdbType: string): string | undefined {
  const t = duckdbType.trim().toUpperCase();
  if (t.endsWith("[]")) {
    const inner = bigQueryTypeOf(t.slice(0, -2));
    return inner ? `ARRAY<${inner}>` : undefined;
  }
  if (/^(BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT)$/.test(t)) return "INT64";
  if (/^(DOUBLE|FLOAT|REAL)$/.test(t)) return "FLOAT64";
  if (t.startsWith("DECIMAL")) return "NUMERIC";
  if (t === "VARCHAR") return "STRING";
  if (t === "BOOLEAN") return "BOOL";
  if (t === "DATE") return "DATE";
  if (t === "TIMESTAMP WITH TIME ZONE") return "TIMESTAMP";
  if (t === "TIMESTAMP") return "DATETIME";
  if (t === "TIME") return "TIME";
  if (t === "BLOB") return "BYTES";
  if (t === "JSON") return "JSON";
  return undefined;
}

function toParam(value: unknown): SqlParam {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return value as SqlParam;
}

/** The local Warehouse: one DuckDB file, a small pool of connections so independent actions run side by side. */
export class DuckDbWarehouse implements Warehouse {
  readonly engine = "duckdb" as const;
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiting: ((c: DuckDBConnection) => void)[] = [];
  private opened = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly maxConnections: number,
    private readonly defaultTimeoutMs: number,
  ) {}

  static async open(
    file: string,
    options: { maxConnections?: number; timeoutMs?: number } = {},
  ): Promise<DuckDbWarehouse> {
    if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // A session like BigQuery's whatever the machine says: UTC, and NULLs first ascending / last descending.
    const instance = await DuckDBInstance.create(file, { default_null_order: "nulls_first_on_asc_last_on_desc" });
    const setup = await instance.connect();
    try {
      await setup.run("LOAD icu");
      await setup.run("SET GLOBAL TimeZone = 'UTC'");
      registerBigQueryFunctions(setup);
    } finally {
      setup.closeSync();
    }
    return new DuckDbWarehouse(instance, options.maxConnections ?? 4, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  }

  async query<T = Row>(sql: string, options: QueryOptions = {}): Promise<T[]> {
    return this.withConnection((c) => readRows<T>(c, sql, options, this.defaultTimeoutMs));
  }

  async execute(sql: string, options: QueryOptions = {}): Promise<number> {
    return this.withConnection((c) => executeOn(c, sql, options, this.defaultTimeoutMs));
  }

  async queryGoogleSql<T = Row>(sql: string, options: QueryOptions = {}): Promise<T[]> {
    return this.query<T>(googleSqlToDuckDb(sql), options);
  }

  async executeGoogleSql(sql: string, options: QueryOptions = {}): Promise<number> {
    return this.execute(googleSqlToDuckDb(sql), options);
  }

  tablePath(schema: string, name: string): string {
    return googleSqlTablePath(schema, name);
  }

  async tableExists(schema: string, name: string): Promise<boolean> {
    const [r] = await this.query<{ n: number }>(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2",
      { params: [schema, name] },
    );
    return Number(r?.n ?? 0) > 0;
  }

  /** Row count and the sum of DuckDB's row hashes (order-free, duplicates counted). */
  async contentFingerprint(schema: string, name: string): Promise<ContentFingerprint> {
    const [r] = await this.query<{ n: number; h: string | null }>(
      `SELECT count(*) AS n, CAST(sum(CAST(hash(t) AS HUGEINT)) AS VARCHAR) AS h FROM ${tableSql({ schema, name })} AS t`,
    );
    return { rows: Number(r?.n ?? 0), fingerprint: r?.h ?? "" };
  }

  ensureTables(specs: readonly TableSpec[]): Promise<void> {
    const column = (c: ColumnSpec) => `${quoteIdent(c.name)} ${DUCKDB_TYPES[c.type]}`;
    return ensureTables(
      {
        datasetColumns: (schema) => this.datasetColumns(schema),
        createSchema: async (schema) => void (await this.execute(createSchema(schema))),
        createTable: async (spec) =>
          void (await this.execute(
            `CREATE TABLE IF NOT EXISTS ${tableSql(spec)} (${spec.columns.map(column).join(", ")})`,
          )),
        addColumns: async (spec, missing) => {
          for (const c of missing) await this.execute(`ALTER TABLE ${tableSql(spec)} ADD COLUMN ${column(c)}`);
        },
      },
      specs,
    );
  }

  /** DuckDB's identifiers are case-insensitive: a schema is found whatever the case it was written in. */
  async datasetColumns(schema: string): Promise<Map<string, TableColumn[]>> {
    const rows = await this.query<{ table_name: string; column_name: string; data_type: string }>(
      "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE lower(table_schema) = lower($1) ORDER BY table_name, ordinal_position",
      { params: [schema] },
    );
    return columnsByTable(rows.map((r) => ({ ...r, type: bigQueryTypeOf(r.data_type) })));
  }

  /** One multi-row INSERT per chunk, every value bound and cast to its declared type. */
  async loadRows(spec: TableSpec, rows: Row[], options: Pick<QueryOptions, "timeoutMs"> = {}): Promise<number> {
    const names = spec.columns.map((c) => quoteIdent(c.name)).join(", ");
    let loaded = 0;
    for (let from = 0; from < rows.length; from += LOAD_CHUNK_ROWS) {
      const chunk = rows.slice(from, from + LOAD_CHUNK_ROWS);
      const params: SqlParam[] = [];
      const tuples = chunk.map((row) => {
        const values = spec.columns.map((c) => {
          params.push(toParam(row[c.name]));
          return `CAST($${params.length} AS ${DUCKDB_TYPES[c.type]})`;
        });
        return `(${values.join(", ")})`;
      });
      loaded += await this.execute(`INSERT INTO ${tableSql(spec)} (${names}) VALUES ${tuples.join(", ")}`, {
        ...options,
        params,
      });
    }
    return loaded;
  }

  /**
   * The rows travel as bound newline-delimited JSON typed by the declared columns (duckdb-json-rows.ts) into a
   * temp stage; then the replaced groups' leftovers go and one MERGE upserts on the key.
   */
  async mergeRows(spec: TableSpec, rows: Row[], options: MergeRowsOptions): Promise<number> {
    if (rows.length === 0) return 0;
    const target = tableSql(spec);
    const stage = quoteIdent(`${spec.name}_stage`);
    const cols = spec.columns.map((c) => quoteIdent(c.name));
    const jsonColumns = spec.columns.map((c) => ({ name: c.name, duckDbType: DUCKDB_TYPES[c.type] }));
    const same = (columns: string[]) => columns.map((k) => `T.${quoteIdent(k)} = S.${quoteIdent(k)}`).join(" AND ");
    return this.transaction(async (s) => {
      await s.execute(`CREATE OR REPLACE TEMP TABLE ${stage} AS SELECT ${cols.join(", ")} FROM ${target} WHERE 1 = 0`);
      for (const chunk of jsonLines(rows, jsonColumns)) {
        await s.execute(
          `INSERT INTO ${stage} (${cols.join(", ")}) SELECT ${cols.join(", ")} FROM ${jsonRowsSource(jsonColumns)}`,
          { params: { rows: chunk }, timeoutMs: options.timeoutMs },
        );
      }
      if (options.replaceGroupsBy?.length) {
        await s.execute(
          `DELETE FROM ${target} AS T WHERE EXISTS (SELECT 1 FROM ${stage} AS S WHERE ${same(options.replaceGroupsBy)})
             AND NOT EXISTS (SELECT 1 FROM ${stage} AS S WHERE ${same(options.key)})`,
          { timeoutMs: options.timeoutMs },
        );
      }
      const changed = await s.execute(
        [
          `MERGE INTO ${target} AS T USING ${stage} AS S ON ${same(options.key)}`,
          `WHEN MATCHED THEN UPDATE SET ${cols.map((c) => `${c} = S.${c}`).join(", ")}`,
          `WHEN NOT MATCHED THEN INSERT (${cols.join(", ")}) VALUES (${cols.map((c) => `S.${c}`).join(", ")})`,
        ].join("\n"),
        { timeoutMs: options.timeoutMs },
      );
      await s.execute(`DROP TABLE IF EXISTS ${stage}`);
      return changed;
    });
  }

  async transaction<T>(fn: (session: WarehouseSession) => Promise<T>): Promise<T> {
    return this.withConnection(async (c) => {
      const session: WarehouseSession = {
        query: (sql, o = {}) => readRows(c, sql, o, this.defaultTimeoutMs),
        execute: (sql, o = {}) => executeOn(c, sql, o, this.defaultTimeoutMs),
        queryGoogleSql: (sql, o = {}) => readRows(c, googleSqlToDuckDb(sql), o, this.defaultTimeoutMs),
        executeGoogleSql: (sql, o = {}) => executeOn(c, googleSqlToDuckDb(sql), o, this.defaultTimeoutMs),
      };
      await c.run("BEGIN TRANSACTION");
      try {
        const result = await fn(session);
        await c.run("COMMIT");
        return result;
      } catch (error) {
        await c.run("ROLLBACK").catch(() => undefined);
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    for (const c of this.idle.splice(0)) c.closeSync();
    this.instance.closeSync();
  }

  private async withConnection<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    try {
      return await fn(connection);
    } finally {
      const next = this.waiting.shift();
      if (next) next(connection);
      else this.idle.push(connection);
    }
  }

  private async acquire(): Promise<DuckDBConnection> {
    const free = this.idle.pop();
    if (free) return free;
    if (this.opened < this.maxConnections) {
      this.opened += 1;
      return this.instance.connect();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

async function withTimeout<T>(c: DuckDBConnection, timeoutMs: number, work: Promise<T>): Promise<T> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    c.interrupt();
  }, timeoutMs);
  try {
    return await work;
  } catch (error) {
    if (timedOut) throw new QueryTimeoutError(timeoutMs);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function readRows<T>(c: DuckDBConnection, sql: string, o: QueryOptions, defaultMs: number): Promise<T[]> {
  const reader = await withTimeout(c, o.timeoutMs ?? defaultMs, c.runAndReadAll(sql, o.params as never));
  return toRows(reader) as T[];
}

async function executeOn(c: DuckDBConnection, sql: string, o: QueryOptions, defaultMs: number): Promise<number> {
  const result = await withTimeout(c, o.timeoutMs ?? defaultMs, c.run(sql, o.params as never));
  return Number(result.rowsChanged);
}

const INTEGER_TYPES = new Set(["BIGINT", "HUGEINT", "UBIGINT", "UHUGEINT"]);

/**
 * Plain JSON-friendly rows: dates and timestamps as ISO-like strings, 64-bit integers and decimals as numbers
 * when they fit exactly (otherwise the exact string), everything else as DuckDB's JSON conversion gives it.
 */
function toRows(reader: DuckDBResultReader): Row[] {
  const types = reader.columnTypes().map((t) => t.toString());
  const names = reader.columnNames();
  return reader.getRowObjectsJson().map((raw) => {
    const row: Row = {};
    names.forEach((name, i) => {
      const value = raw[name];
      const type = types[i] ?? "";
      if (typeof value === "string" && (INTEGER_TYPES.has(type) || type.startsWith("DECIMAL"))) {
        const n = Number(value);
        row[name] = Number.isSafeInteger(n) || (!INTEGER_TYPES.has(type) && Number.isFinite(n)) ? n : value;
      } else {
        row[name] = value;
      }
    });
    return row;
  });
}
