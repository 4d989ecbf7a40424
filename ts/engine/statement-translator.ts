import { AnalysisError, AnalyzerClient, type ResolvedStatement } from "../check/analyzer-client.ts";
import { type AnalyzerProcess, locateAnalyzerBinary, startAnalyzer } from "../check/analyzer-process.ts";
import { Catalog, type Column } from "../check/catalog.ts";
import { checkStatement } from "./dialect/allowlist.ts";
import type { Signature } from "./dialect/signatures.ts";
import { LocalEngineRefusal } from "./local-sql.ts";
import { type StatementOrigin, toDuckDb } from "./to-duckdb.ts";

/**
 * The gate for statements outside a graph (unit tests' queries and inputs, the golden battery): one analyzer
 * session, each statement analysed against the tables given, checked against the allowlist and translated.
 */
export class StatementTranslator {
  private constructor(
    private readonly analyzer: AnalyzerProcess,
    private readonly client: AnalyzerClient,
  ) {}

  static async start(): Promise<StatementTranslator> {
    const binary = locateAnalyzerBinary();
    const analyzer = await startAnalyzer({ binary: binary.binary });
    try {
      return new StatementTranslator(analyzer, AnalyzerClient.connect(binary.packageDir, analyzer.host, analyzer.port));
    } catch (e) {
      await analyzer.stop();
      throw e;
    }
  }

  /** DuckDB statements for one BigQuery statement, and the signatures it used; throws LocalEngineRefusal. */
  async translate(
    sql: string,
    origin: StatementOrigin,
    tables: Record<string, Column[]> = {},
  ): Promise<{ duckdb: string[]; used: Signature[] }> {
    const catalog = new Catalog();
    for (const [name, columns] of Object.entries(tables)) catalog.set(name, columns);
    let resolved: ResolvedStatement;
    try {
      resolved = await this.client.analyze(sql, { inline: catalog.toProto() });
    } catch (e) {
      if (!(e instanceof AnalysisError)) throw e;
      throw new LocalEngineRefusal([
        {
          action: origin.action,
          file: origin.file,
          part: "query",
          inFile: false,
          line: e.line,
          written: sql.split("\n")[(e.line ?? 1) - 1]?.trim() ?? "",
          hint: `BigQuery's analyzer rejects it: ${e.analyzerMessage}`,
        },
      ]);
    }
    const result = checkStatement(sql, resolved);
    if (result.offenders.length > 0) {
      throw new LocalEngineRefusal(
        result.offenders.map((o) => ({
          action: origin.action,
          file: origin.file,
          part: "query",
          inFile: false,
          written: o.written,
          signature: o.signature,
          hint: o.hint,
        })),
      );
    }
    return { duckdb: toDuckDb(result.rewritten, origin), used: result.used };
  }

  async close(): Promise<void> {
    this.client.close();
    await this.analyzer.stop();
  }
}
