import { AnalyzerClient } from "../../ts/check/analyzer-client.ts";
import { type AnalyzerProcess, startAnalyzer } from "../../ts/check/analyzer-process.ts";
import { parseBigQueryType } from "../../ts/check/bigquery-types.ts";
import { Catalog } from "../../ts/check/catalog.ts";
import { checkProject } from "../../ts/check/check.ts";
import { compileProject } from "../../ts/engine/compile.ts";
import type { TableSpec } from "../../ts/engine/warehouse.ts";
import { AFFECTED, INCOMING, POOL } from "../../ts/gcp/bigquery-raw-sql.ts";
import { stageTableSpec } from "../../ts/gcp/bigquery-sql.ts";
import { processingTableSpec } from "../../ts/orchestration/warehouse-tables.ts";
import { predictionTableSpec } from "../../ts/predictions/prediction-table.ts";

/** BigQuery's own analyzer (ZetaSQL), offline, with a catalog of declared tables under `project.dataset.table`. */
export class OfflineBigQuery {
  private constructor(
    private readonly process: AnalyzerProcess,
    private readonly client: AnalyzerClient,
    readonly catalog: Catalog,
  ) {}

  static async start(): Promise<OfflineBigQuery> {
    const analyzer = await startAnalyzer();
    return new OfflineBigQuery(
      analyzer,
      AnalyzerClient.connect(analyzer.packageDir, analyzer.host, analyzer.port),
      new Catalog(),
    );
  }

  declare(project: string, spec: TableSpec): void {
    this.catalog.set(
      `${project}.${spec.schema}.${spec.name}`,
      spec.columns.map((c) => ({ name: c.name, type: parseBigQueryType(c.type) })),
    );
  }

  /** The location-wide INFORMATION_SCHEMA views the adapter reads (TABLES, COLUMNS), with the columns it uses. */
  declareInformationSchema(project: string, location = "us"): void {
    const view = (name: string, columns: [string, string][]) =>
      this.catalog.set(
        `${project}.region-${location}.INFORMATION_SCHEMA.${name}`,
        columns.map(([column, type]) => ({ name: column, type: parseBigQueryType(type) })),
      );
    view("TABLES", [
      ["table_schema", "STRING"],
      ["table_name", "STRING"],
    ]);
    view("COLUMNS", [
      ["table_schema", "STRING"],
      ["table_name", "STRING"],
      ["column_name", "STRING"],
      ["ordinal_position", "INT64"],
      ["data_type", "STRING"],
    ]);
  }

  /** Every table the project's graph compiles to (schemas from `nba-props check`), under `project`. */
  async declareCompiledGraph(project: string, projectDir: string): Promise<void> {
    const graph = await compileProject({ projectDir, vars: { engine: "bigquery" } });
    const check = await checkProject({ projectDir, graph });
    for (const [key, columns] of Object.entries(check.schemas)) {
      this.catalog.set(
        [project, ...key.split(".").slice(-2)].join("."),
        columns.map((c) => ({ name: c.name, type: parseBigQueryType(c.type) })),
      );
    }
  }

  /** The flow's bookkeeping tables in nba_processing (step_state with its merge stage) and the prediction table. */
  declareFlowTables(project: string): void {
    for (const name of [
      "processor_runs",
      "processing_failures",
      "dead_letters",
      "entity_scope",
      "published_hashes",
      "processor_versions",
      "flows",
      "step_state",
    ] as const) {
      this.declare(project, processingTableSpec("", name));
    }
    this.declare(project, stageTableSpec(processingTableSpec("", "step_state")));
    this.declare(project, predictionTableSpec(""));
  }

  /** The session temp tables of one raw table's load (raw_incoming, raw_affected_keys, raw_key_pool). */
  declareLoadTemps(columns: TableSpec["columns"]): void {
    const set = (name: string, cols: TableSpec["columns"]) =>
      this.catalog.set(
        name,
        cols.map((c) => ({ name: c.name, type: parseBigQueryType(c.type) })),
      );
    set(INCOMING, columns);
    set(AFFECTED, [{ name: "natural_key", type: "STRING" }]);
    set(POOL, [
      ...columns,
      { name: "natural_key", type: "STRING" },
      { name: "from_incoming", type: "INT64" },
      { name: "from_table", type: "BOOL" },
      { name: "key_rank", type: "INT64" },
      { name: "key_winner", type: "STRING" },
    ]);
  }

  /**
   * Analyses each statement; returns the failures as "sql => message" (empty when all pass). `params` declares the
   * named query parameters (@name) with their BigQuery types, as the adapter binds them.
   */
  async failures(statements: string[], params: Record<string, string> = {}): Promise<string[]> {
    const options = this.client.analyzerOptions as Record<string, unknown>;
    options.queryParameters = Object.entries(params).map(([name, type]) => ({ name, type: parseBigQueryType(type) }));
    const out: string[] = [];
    for (const sql of statements) {
      try {
        await this.client.analyze(sql, await this.catalog.handle(this.client));
      } catch (e) {
        out.push(`${sql.slice(0, 200)} => ${(e as Error).message}`);
      }
    }
    return out;
  }

  async stop(): Promise<void> {
    this.client.close();
    await this.process.stop();
  }
}
