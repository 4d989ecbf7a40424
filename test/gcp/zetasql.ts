import { AnalyzerClient } from "../../ts/check/analyzer-client.ts";
import { type AnalyzerProcess, startAnalyzer } from "../../ts/check/analyzer-process.ts";
import { parseBigQueryType } from "../../ts/check/bigquery-types.ts";
import { Catalog } from "../../ts/check/catalog.ts";
import type { TableSpec } from "../../ts/engine/warehouse.ts";

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
