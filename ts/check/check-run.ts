import fs from "node:fs";
import path from "node:path";
import { type ActionType, tableActionType } from "../engine/action-type.ts";
import { declarationCreators } from "../engine/declaration-creators.ts";
import type {
  CompiledAssertion,
  CompiledDeclaration,
  CompiledGraph,
  CompiledOperation,
  CompiledTable,
  Target,
} from "../engine/graph.ts";
import { targetKey } from "../engine/graph.ts";
import { AnalysisError, type AnalyzerClient } from "./analyzer-client.ts";
import type { AnalyzerProcess } from "./analyzer-process.ts";
import { formatType } from "./bigquery-types.ts";
import {
  Catalog,
  type Column,
  DeclarationSchemaError,
  declarationColumns,
  emptyScope,
  type LocalScope,
} from "./catalog.ts";
import type { BlockedAction, CheckFailure, CheckOptions, CheckResult, SchemaColumn } from "./check-result.ts";
import { countAmbiguousFloatToIntCasts, FLOAT_TO_INT_MESSAGE } from "./float-casts.ts";
import { knownAnalyzerGap } from "./known-gaps.ts";
import { type AnalysedText, lineAt, mapToFile, positionOf, slice } from "./locations.ts";
import { statementOutput } from "./resolved.ts";
import { type ScriptStatement, splitScript } from "./script.ts";
import { emulateScriptStatement } from "./script-emulation.ts";
import { UnterminatedError } from "./sql-tokens.ts";

/**
 * One check of a compiled graph: actions in dependency order, one level at a time, each statement analysed against
 * a catalog of the declared tables and of every upstream action's inferred output. See docs/check.md.
 */

export interface ActionNode {
  key: string;
  kind: ActionType;
  file: string;
  deps: string[];
  table?: CompiledTable;
  operation?: CompiledOperation;
  assertion?: CompiledAssertion;
  /** A declaration without typed columns whose table an action of the graph creates: analysed after it. */
  declaration?: CompiledDeclaration;
  target: Target;
  disabled: boolean;
}

/** What a unit of SQL is, for reporting. */
export interface Part {
  node: ActionNode;
  part: string;
  sql: string;
}

/** Thrown after a part's failure was reported: the rest of the part is not analysed. */
export class PartFailed extends Error {}

/** The statement a MERGE match condition is analysed in: the table as target T and as source S. */
export const DERIVED_CONDITION_PREFIX = (key: string): string =>
  `SELECT 1 FROM ${quoteIdent(key)} AS T, ${quoteIdent(key)} AS S WHERE `;

function quoteIdent(name: string): string {
  return "`" + name.replace(/`/g, "\\`") + "`";
}

export class CheckRun {
  readonly catalog = new Catalog();
  readonly failures: CheckFailure[] = [];
  readonly blocked: BlockedAction[] = [];
  readonly failed = new Set<string>();
  readonly schemas = new Map<string, Column[]>();
  actionsAnalysed = 0;
  statementsAnalysed = 0;
  analyzerCalls = 0;
  private readonly files = new Map<string, string | undefined>();
  /** The statement being analysed, for the onResolved hook (undefined for derived and script checks). */
  private statementStart: number | undefined;

  constructor(
    readonly graph: CompiledGraph,
    readonly client: AnalyzerClient,
    readonly options: CheckOptions,
  ) {}

  result(timings: CheckResult["timings"], analyzer: AnalyzerProcess): CheckResult {
    const schemas: Record<string, SchemaColumn[]> = {};
    for (const [key, columns] of this.schemas)
      schemas[key] = columns.map((c) => ({ name: c.name, type: formatType(c.type) }));
    return {
      ok: this.failures.length === 0,
      failures: this.failures,
      blocked: this.blocked,
      actionsAnalysed: this.actionsAnalysed,
      statementsAnalysed: this.statementsAnalysed,
      analyzerCalls: this.analyzerCalls,
      catalogRegistrations: this.catalog.registrations,
      schemas,
      timings,
      analyzer: { pid: analyzer.pid, port: analyzer.port, binary: analyzer.binary },
    };
  }

  async run(): Promise<void> {
    const creators = declarationCreators(this.graph);
    const created: ActionNode[] = [];
    for (const d of this.graph.declarations ?? []) {
      const key = targetKey(d.target);
      const madeBy = creators.get(key);
      if (madeBy && (d.actionDescriptor?.columns ?? []).length === 0) {
        created.push({
          key,
          kind: "declaration",
          file: d.fileName,
          deps: madeBy.map(targetKey),
          declaration: d,
          target: d.target,
          disabled: false,
        });
        continue;
      }
      try {
        const columns = this.declarationSchema(d);
        this.catalog.set(key, columns);
        this.schemas.set(key, columns);
      } catch (e) {
        this.failed.add(key);
        this.failures.push({
          action: key,
          actionKind: "declaration",
          file: d.fileName,
          part: "columns",
          message: (e as Error).message,
        });
      }
    }
    const nodes = [...this.nodes(), ...created];
    for (const level of this.levels(nodes)) {
      const built: ActionNode[] = [];
      for (const node of level) {
        if (this.options.skipDisabled && node.disabled) {
          const existing = this.options.declarationColumns?.(node.target);
          if (existing) this.catalog.set(node.key, existing);
          else this.failed.add(node.key);
          continue;
        }
        const blockedBy = node.deps.filter((d) => this.failed.has(d));
        // a created declaration may still be found in the warehouse when its creator was not analysed
        if (blockedBy.length > 0 && !node.declaration) {
          this.failed.add(node.key);
          this.blocked.push({ action: node.key, actionKind: node.kind, file: node.file, blockedBy });
          continue;
        }
        this.actionsAnalysed++;
        if (await this.firstPhase(node)) built.push(node);
        else this.failed.add(node.key);
      }
      // Outputs of this level join the catalog together (one registration per level, not per action).
      for (const node of built) {
        const columns = this.schemas.get(node.key);
        if (columns && !node.operation) this.catalog.set(node.key, columns);
      }
      for (const node of built) if (node.table) await this.secondPhase(node);
    }
  }

  /** Typed columns of the declaration, else the caller's lookup (a warehouse), else the typed-columns error. */
  private declarationSchema(d: CompiledDeclaration): Column[] {
    try {
      return declarationColumns(d);
    } catch (e) {
      if (!this.options.declarationColumns) throw e;
      const found = this.options.declarationColumns(d.target);
      if (found) return found;
      throw new DeclarationSchemaError(
        `${(e as Error).message}; or load the table into the warehouse first (a declaration without typed columns takes the columns of the table found there)`,
      );
    }
  }

  private nodes(): ActionNode[] {
    const nodes: ActionNode[] = [];
    for (const t of this.graph.tables ?? []) {
      nodes.push({
        key: targetKey(t.target),
        kind: tableActionType(t) ?? "table",
        file: t.fileName,
        deps: (t.dependencyTargets ?? []).map(targetKey),
        table: t,
        target: t.target,
        disabled: Boolean(t.disabled),
      });
    }
    for (const o of this.graph.operations ?? []) {
      nodes.push({
        key: targetKey(o.target),
        kind: "operations",
        file: o.fileName,
        deps: (o.dependencyTargets ?? []).map(targetKey),
        operation: o,
        target: o.target,
        disabled: Boolean(o.disabled),
      });
    }
    for (const a of this.graph.assertions ?? []) {
      nodes.push({
        key: targetKey(a.target),
        kind: "assertion",
        file: a.fileName,
        deps: (a.dependencyTargets ?? []).map(targetKey),
        assertion: a,
        target: a.target,
        disabled: Boolean(a.disabled),
      });
    }
    return nodes;
  }

  /** Actions grouped by dependency depth: each level depends only on earlier levels. */
  private levels(nodes: ActionNode[]): ActionNode[][] {
    const byKey = new Map(nodes.map((n) => [n.key, n]));
    const depth = new Map<string, number>();
    const visiting = new Set<string>();
    const depthOf = (n: ActionNode): number => {
      const known = depth.get(n.key);
      if (known !== undefined) return known;
      if (visiting.has(n.key)) throw new Error(`dependency cycle through ${n.key}`);
      visiting.add(n.key);
      let d = 0;
      for (const dep of n.deps) {
        const up = byKey.get(dep);
        if (up && up !== n) d = Math.max(d, depthOf(up) + 1);
      }
      visiting.delete(n.key);
      depth.set(n.key, d);
      return d;
    };
    const levels: ActionNode[][] = [];
    for (const n of nodes) (levels[depthOf(n)] ??= []).push(n);
    return levels.filter(Boolean).map((l) => l.sort((a, b) => a.key.localeCompare(b.key)));
  }

  /** Pre-operations and the main query (or an operation's statements). False when the output is unknown. */
  private async firstPhase(node: ActionNode): Promise<boolean> {
    if (node.declaration) return this.createdDeclaration(node);
    if (node.table) {
      const scope = emptyScope();
      (node as ActionNode & { scope?: LocalScope }).scope = scope;
      if (!(await this.runParts(node, "preOps", node.table.preOps, scope))) return false;
      const output = await this.runScript({ node, part: "query", sql: node.table.query }, scope);
      if (!output) return false;
      this.schemas.set(node.key, output);
      return true;
    }
    if (node.assertion) {
      const output = await this.runScript({ node, part: "query", sql: node.assertion.query }, emptyScope());
      if (!output) return false;
      this.schemas.set(node.key, output);
      return true;
    }
    const op = node.operation!;
    const ok = await this.runParts(node, "queries", op.queries, emptyScope());
    if (!ok) return false;
    if (op.hasOutput) {
      const columns = this.catalog.get(node.key);
      if (!columns) {
        this.fail(
          { node, part: "queries", sql: "" },
          `operation declares an output (hasOutput) but none of its statements creates ${node.key} (CREATE TABLE / CREATE VIEW … ${node.key}); the check cannot know its columns`,
        );
        return false;
      }
      this.schemas.set(node.key, columns);
    }
    return true;
  }

  /**
   * A declared table that an upstream action of the graph creates: its columns are those the creating statement
   * registered (under the name it was written with), else the warehouse's.
   */
  private createdDeclaration(node: ActionNode): boolean {
    const suffix = `.${node.target.schema}.${node.target.name}`.toLowerCase();
    const written = this.catalog.names().find((n) => `.${n}`.toLowerCase().endsWith(suffix));
    const columns =
      this.catalog.get(node.key) ??
      (written ? this.catalog.get(written) : undefined) ??
      this.options.declarationColumns?.(node.target);
    if (!columns) {
      this.fail(
        { node, part: "columns", sql: "" },
        `declaration ${node.key} has no typed columns and the statement of ${node.deps.join(", ")} that creates it could not be analysed`,
      );
      return false;
    }
    this.catalog.set(node.key, columns);
    this.schemas.set(node.key, columns);
    return true;
  }

  /** With the table itself in the catalog: post-operations, partitioning, and the incremental run. */
  private async secondPhase(node: ActionNode): Promise<void> {
    const t = node.table!;
    const scope = (node as ActionNode & { scope?: LocalScope }).scope ?? emptyScope();
    const columns = this.schemas.get(node.key) ?? [];
    await this.runParts(node, "postOps", t.postOps, scope);
    const partitionBy = t.bigquery?.partitionBy;
    const clusterBy = t.bigquery?.clusterBy ?? [];
    if (partitionBy || clusterBy.length > 0) {
      const ddl =
        `CREATE OR REPLACE TABLE ${quoteIdent(node.key + "__partition_check")}` +
        (partitionBy ? ` PARTITION BY ${partitionBy}` : "") +
        (clusterBy.length > 0 ? ` CLUSTER BY ${clusterBy.map(quoteIdent).join(", ")}` : "") +
        ` AS SELECT * FROM ${quoteIdent(node.key)}`;
      await this.analyzeDerived({ node, part: "bigquery.partitionBy/clusterBy", sql: ddl }, ddl, scope);
    }
    if (t.enumType !== "INCREMENTAL") return;
    // The MERGE's extra match conditions (on target T and source S) and the partition expression of an
    // INSERT_OVERWRITE, as the local engine will run them.
    const conditions = [
      t.bigquery?.updatePartitionFilter ? `T.${t.bigquery.updatePartitionFilter}` : "",
      ...(t.bigquery?.incrementalPredicates ?? []),
    ];
    for (const [i, condition] of conditions.entries()) {
      if (!condition.trim()) continue;
      const sql = `${DERIVED_CONDITION_PREFIX(node.key)}${condition}`;
      await this.analyzeDerived({ node, part: `matchConditions[${i}]`, sql }, sql, scope);
    }
    if (partitionBy) {
      const sql = `SELECT ${partitionBy} FROM ${quoteIdent(node.key)}`;
      await this.analyzeDerived({ node, part: "partitionExpr", sql }, sql, scope);
    }
    const incScope = emptyScope();
    if (!(await this.runParts(node, "incrementalPreOps", t.incrementalPreOps, incScope))) return;
    const incPart: Part = { node, part: "incrementalQuery", sql: t.incrementalQuery || t.query };
    const output = await this.runScript(incPart, incScope);
    if (output) {
      const tableColumns = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
      const incColumns = new Map(output.map((c) => [c.name.toLowerCase(), c]));
      for (const key of t.uniqueKey ?? []) {
        if (!incColumns.has(key.toLowerCase()))
          this.fail(incPart, `uniqueKey column ${key} is not an output column of the incremental query`);
        if (!tableColumns.has(key.toLowerCase()))
          this.fail(
            { node, part: "query", sql: t.query },
            `uniqueKey column ${key} is not an output column of the query`,
          );
      }
      const extra = output.filter((c) => !tableColumns.has(c.name.toLowerCase()));
      if (extra.length > 0 && !["EXTEND", "SYNCHRONIZE"].includes(t.onSchemaChange)) {
        this.fail(
          incPart,
          `the incremental query outputs column(s) ${extra.map((c) => c.name).join(", ")} that the table (built by the full query) does not have`,
        );
      }
      const shared = output.filter((c) => tableColumns.has(c.name.toLowerCase())).map((c) => quoteIdent(c.name));
      if (shared.length > 0) {
        // What the incremental run does on BigQuery: insert (or merge) these columns into the existing table.
        const prefix = `INSERT INTO ${quoteIdent(node.key)} (${shared.join(", ")})\nSELECT ${shared.join(", ")} FROM (\n`;
        await this.analyzeDerived(
          incPart,
          prefix + incPart.sql + "\n)",
          incScope,
          slice(incPart.sql, 0, incPart.sql.length, prefix, "\n)"),
        );
      }
    }
    await this.runParts(node, "incrementalPostOps", t.incrementalPostOps, incScope);
  }

  private async runParts(
    node: ActionNode,
    name: string,
    sqls: string[] | undefined,
    scope: LocalScope,
  ): Promise<boolean> {
    let ok = true;
    for (const [i, sql] of (sqls ?? []).entries()) {
      if ((await this.runScript({ node, part: `${name}[${i}]`, sql }, scope)) === undefined) ok = false;
    }
    return ok;
  }

  /**
   * Analyses every statement of one part in order. Returns the output columns of the last query statement
   * (an empty array when there is none), or undefined after the first failure (later statements of the part
   * usually depend on the failed one, so they are not analysed; the failure is reported).
   */
  private async runScript(part: Part, scope: LocalScope): Promise<Column[] | undefined> {
    let statements: ScriptStatement[];
    try {
      statements = splitScript(part.sql);
    } catch (e) {
      const offset = e instanceof UnterminatedError ? e.offset : 0;
      this.fail(part, `cannot split into statements: ${(e as Error).message}`, positionOf(part.sql, offset));
      return undefined;
    }
    let output: Column[] = [];
    for (const [i, statement] of statements.entries()) {
      const n = statements.length > 1 ? i + 1 : undefined;
      try {
        const result = await this.runStatement(part, statement, scope, n);
        if (result) output = result;
      } catch (e) {
        if (e instanceof PartFailed) return undefined;
        throw e;
      }
    }
    return output;
  }

  private async runStatement(
    part: Part,
    statement: ScriptStatement,
    scope: LocalScope,
    n: number | undefined,
  ): Promise<Column[] | undefined> {
    this.statementsAnalysed++;
    this.statementStart = statement.kind === "sql" ? statement.start : undefined;
    const sql = part.sql;
    switch (statement.kind) {
      case "sql": {
        const resolved = await this.analyze(part, slice(sql, statement.start, statement.end), scope, n);
        const out = statementOutput(resolved);
        if (out.created) {
          if (out.created.temp) scope.tables.set(out.created.name, out.created.columns);
          else this.catalog.set(out.created.name, out.created.columns);
        }
        return resolved.kind === "resolvedQueryStmtNode" ? out.columns : undefined;
      }
      default:
        await emulateScriptStatement(this, part, statement, scope, n);
        return undefined;
    }
  }

  /** Analyses one statement; on an analysis error reports it and throws PartFailed. */
  async analyze(
    part: Part,
    text: AnalysedText,
    scope: LocalScope,
    n: number | undefined,
    explain?: (message: string) => string,
  ) {
    this.options.hooks?.beforeStatement?.({ action: part.node.key, part: part.part });
    this.analyzerCalls++;
    try {
      const resolved = await this.client.analyze(text.text, await this.catalog.handle(this.client, scope));
      this.options.hooks?.onResolved?.({
        action: part.node.key,
        part: part.part,
        statementStart: this.statementStart,
        text: text.text,
        resolved,
      });
      const casts = countAmbiguousFloatToIntCasts(resolved.node);
      if (casts > 0) this.fail(part, `${casts} × ${FLOAT_TO_INT_MESSAGE}`, undefined, n);
      return resolved;
    } catch (e) {
      if (!(e instanceof AnalysisError)) throw e;
      const position =
        e.line !== undefined ? positionOf(part.sql, text.toSourceOffset(e.line, e.column ?? 1)) : undefined;
      this.fail(
        part,
        explain ? explain(e.analyzerMessage) : e.analyzerMessage,
        position,
        n,
        knownAnalyzerGap(e.analyzerMessage, text.text),
      );
      throw new PartFailed();
    }
  }

  /** A check the compiled SQL implies (partitioning, incremental insert); failures are reported, never thrown. */
  private async analyzeDerived(
    part: Part,
    sql: string,
    scope: LocalScope,
    text: AnalysedText = slice(sql, 0, sql.length),
  ): Promise<void> {
    this.statementStart = undefined;
    try {
      await this.analyze({ ...part, sql: part.sql || sql }, text, scope, undefined);
    } catch (e) {
      if (!(e instanceof PartFailed)) throw e;
    }
  }

  private fileText(file: string): string | undefined {
    if (!this.files.has(file)) {
      const full = path.join(this.options.projectDir, file);
      this.files.set(file, fs.existsSync(full) ? fs.readFileSync(full, "utf8") : undefined);
    }
    return this.files.get(file);
  }

  fail(
    part: Part,
    message: string,
    position?: { line: number; column: number },
    statement?: number,
    analyzerGap?: string,
  ): void {
    const failure: CheckFailure = {
      action: part.node.key,
      actionKind: part.node.kind,
      file: part.node.file,
      part: part.part,
      message,
    };
    if (statement !== undefined) failure.statement = statement;
    if (position && part.sql) {
      failure.line = position.line;
      failure.column = position.column;
      failure.sqlLine = lineAt(part.sql, position.line);
      const fileText = this.fileText(part.node.file);
      const mapped = fileText ? mapToFile(fileText, failure.sqlLine, position.column) : undefined;
      if (mapped) {
        failure.fileLine = mapped.line;
        failure.fileColumn = mapped.column;
      }
    }
    if (analyzerGap) failure.analyzerGap = analyzerGap;
    this.failures.push(failure);
  }
}
