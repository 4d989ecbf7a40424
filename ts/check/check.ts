import fs from "node:fs";
import path from "node:path";
import type { Logger } from "../config/logger.ts";
import { compileProject } from "../engine/compile.ts";
import type { CompiledAssertion, CompiledGraph, CompiledOperation, CompiledTable, Target } from "../engine/graph.ts";
import { targetKey } from "../engine/graph.ts";
import { AnalysisError, AnalyzerClient } from "./analyzer-client.ts";
import { locateAnalyzerBinary, startAnalyzer, type AnalyzerProcess } from "./analyzer-process.ts";
import { formatType, parseBigQueryType, type TypeProto } from "./bigquery-types.ts";
import { Catalog, declarationColumns, emptyScope, type Column, type LocalScope } from "./catalog.ts";
import { knownAnalyzerGap } from "./known-gaps.ts";
import { lineAt, mapToFile, positionOf, slice, type AnalysedText } from "./locations.ts";
import { statementOutput } from "./resolved.ts";
import { countAmbiguousFloatToIntCasts, FLOAT_TO_INT_MESSAGE } from "./float-casts.ts";
import { parseDeclare, parseSet, splitScript, type ScriptStatement } from "./script.ts";
import { UnterminatedError } from "./sql-tokens.ts";

/**
 * `nba-props check`: compile the project for BigQuery and analyse every statement of every action with
 * BigQuery's own front end (ZetaSQL), against a catalog built from the graph. See docs/check.md.
 */

export type ActionKind = "table" | "view" | "incremental" | "operation" | "assertion" | "declaration";

export interface CheckFailure {
  /** Target of the action, `database.schema.name`. */
  action: string;
  actionKind: ActionKind;
  /** The action's file, relative to the project. */
  file: string;
  /** Which SQL of the action: query, incrementalQuery, preOps[0], queries[1], … */
  part: string;
  /** 1-based statement number within the part, when the part holds several statements. */
  statement?: number;
  /** Position in the compiled SQL of the part. */
  line?: number;
  column?: number;
  /** Position in the .sqlx file, when the compiled line could be found there. */
  fileLine?: number;
  fileColumn?: number;
  message: string;
  /** The compiled line the position points at. */
  sqlLine?: string;
  /** Set when the construct is valid BigQuery that the bundled analyzer cannot check (docs/check.md). */
  analyzerGap?: string;
}

export interface BlockedAction {
  action: string;
  actionKind: ActionKind;
  file: string;
  /** Upstream actions that failed (or were blocked) so this one has no catalog to be checked against. */
  blockedBy: string[];
}

export interface SchemaColumn {
  name: string;
  type: string;
}

export interface CheckResult {
  ok: boolean;
  failures: CheckFailure[];
  blocked: BlockedAction[];
  actionsAnalysed: number;
  statementsAnalysed: number;
  /** Analyzer requests, including derived checks (partitioning, incremental inserts). */
  analyzerCalls: number;
  catalogRegistrations: number;
  /** Inferred (or declared) output schema of every action that has one, by target key. */
  schemas: Record<string, SchemaColumn[]>;
  timings: { compileMs: number; analyzerStartMs: number; analyseMs: number; totalMs: number };
  analyzer: { pid: number; port: number; binary: string };
}

export interface CheckHooks {
  /** Called once the analyzer listens (tests use it to watch the process). */
  onAnalyzerStarted?(analyzer: AnalyzerProcess): void;
  /** Called before each statement is analysed; a throw aborts the check (the analyzer is still stopped). */
  beforeStatement?(info: { action: string; part: string }): void;
}

export interface CheckOptions {
  projectDir: string;
  /** Extra compile vars. `engine` may only be `bigquery`: the check is about what production runs. */
  vars?: Record<string, string>;
  logger?: Logger;
  /** Analyzer binary override (default: the package's binary for this platform). */
  analyzerBinary?: string;
  /** An already compiled graph (it must be the bigquery one). */
  graph?: CompiledGraph;
  hooks?: CheckHooks;
}

export class EngineVarError extends Error {
  override name = "EngineVarError";
}

function assertBigQueryEngine(vars: Record<string, string> | undefined): void {
  const engine = vars?.engine;
  if (engine !== undefined && engine !== "bigquery") {
    throw new EngineVarError(`nba-props check compiles for BigQuery: vars.engine must be "bigquery" (or unset), got "${engine}"`);
  }
}

/** Compiles with the project's defaults (engine = bigquery) and checks it. */
export async function checkProject(options: CheckOptions): Promise<CheckResult> {
  const started = performance.now();
  assertBigQueryEngine(options.vars);
  const binary = locateAnalyzerBinary(options.analyzerBinary);
  const compileStarted = performance.now();
  const compiling = options.graph
    ? Promise.resolve(options.graph)
    : compileProject({ projectDir: options.projectDir, ...(options.vars ? { vars: options.vars } : {}) });
  const starting = startAnalyzer({ binary: binary.binary, ...(options.logger ? { logger: options.logger } : {}) });
  // Both run in the background (a worker thread and a child process) while this thread loads the protos.
  let preloadError: unknown;
  try {
    AnalyzerClient.preload(binary.packageDir);
  } catch (e) {
    preloadError = e;
  }
  const [graphResult, analyzerResult] = await Promise.allSettled([
    compiling.then((g) => ({ graph: g, ms: performance.now() - compileStarted })),
    starting,
  ]);
  if (analyzerResult.status === "rejected") throw analyzerResult.reason;
  const analyzer = analyzerResult.value;
  try {
    options.hooks?.onAnalyzerStarted?.(analyzer);
    if (preloadError) throw preloadError;
    if (graphResult.status === "rejected") throw graphResult.reason;
    const { graph, ms: compileMs } = graphResult.value;
    assertBigQueryEngine(graph.projectConfig?.vars);
    const client = AnalyzerClient.connect(binary.packageDir, analyzer.host, analyzer.port);
    try {
      const analyseStarted = performance.now();
      const run = new CheckRun(graph, client, options);
      await run.run();
      const analyseMs = performance.now() - analyseStarted;
      return run.result({
        compileMs,
        analyzerStartMs: analyzer.startMs,
        analyseMs,
        totalMs: performance.now() - started,
      }, analyzer);
    } finally {
      client.close();
    }
  } finally {
    await analyzer.stop();
  }
}

interface ActionNode {
  key: string;
  kind: ActionKind;
  file: string;
  deps: string[];
  table?: CompiledTable;
  operation?: CompiledOperation;
  assertion?: CompiledAssertion;
  target: Target;
}

/** What a unit of SQL is, for reporting. */
interface Part {
  node: ActionNode;
  part: string;
  sql: string;
}

class PartFailed extends Error {}

/** Rewords the array-literal coercion error of the DECLARE/SET wrapper as an assignment error. */
function coercionMessage(what: string): (message: string) => string {
  return (message) => {
    const m = /^Array element type (.+) does not coerce to (.+)$/.exec(message);
    return m ? `${what} of type ${m[1]} cannot be assigned to a variable of type ${m[2]}` : message;
  };
}

function tableKind(t: CompiledTable): ActionKind {
  return t.enumType === "VIEW" ? "view" : t.enumType === "INCREMENTAL" ? "incremental" : "table";
}

function quoteIdent(name: string): string {
  return "`" + name.replace(/`/g, "\\`") + "`";
}

class CheckRun {
  readonly catalog = new Catalog();
  readonly failures: CheckFailure[] = [];
  readonly blocked: BlockedAction[] = [];
  readonly failed = new Set<string>();
  readonly schemas = new Map<string, Column[]>();
  actionsAnalysed = 0;
  statementsAnalysed = 0;
  analyzerCalls = 0;
  private readonly files = new Map<string, string | undefined>();

  constructor(
    readonly graph: CompiledGraph,
    readonly client: AnalyzerClient,
    readonly options: CheckOptions,
  ) {}

  result(timings: CheckResult["timings"], analyzer: AnalyzerProcess): CheckResult {
    const schemas: Record<string, SchemaColumn[]> = {};
    for (const [key, columns] of this.schemas) schemas[key] = columns.map((c) => ({ name: c.name, type: formatType(c.type) }));
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
    for (const d of this.graph.declarations ?? []) {
      const key = targetKey(d.target);
      try {
        const columns = declarationColumns(d);
        this.catalog.set(key, columns);
        this.schemas.set(key, columns);
      } catch (e) {
        this.failed.add(key);
        this.failures.push({ action: key, actionKind: "declaration", file: d.fileName, part: "columns", message: (e as Error).message });
      }
    }
    const nodes = this.nodes();
    for (const level of this.levels(nodes)) {
      const built: ActionNode[] = [];
      for (const node of level) {
        const blockedBy = node.deps.filter((d) => this.failed.has(d));
        if (blockedBy.length > 0) {
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

  private nodes(): ActionNode[] {
    const nodes: ActionNode[] = [];
    for (const t of this.graph.tables ?? []) {
      nodes.push({ key: targetKey(t.target), kind: tableKind(t), file: t.fileName, deps: (t.dependencyTargets ?? []).map(targetKey), table: t, target: t.target });
    }
    for (const o of this.graph.operations ?? []) {
      nodes.push({ key: targetKey(o.target), kind: "operation", file: o.fileName, deps: (o.dependencyTargets ?? []).map(targetKey), operation: o, target: o.target });
    }
    for (const a of this.graph.assertions ?? []) {
      nodes.push({ key: targetKey(a.target), kind: "assertion", file: a.fileName, deps: (a.dependencyTargets ?? []).map(targetKey), assertion: a, target: a.target });
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
        this.fail({ node, part: "queries", sql: "" }, `operation declares an output (hasOutput) but none of its statements creates ${node.key} (CREATE TABLE / CREATE VIEW … ${node.key}); the check cannot know its columns`);
        return false;
      }
      this.schemas.set(node.key, columns);
    }
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
    const incScope = emptyScope();
    if (!(await this.runParts(node, "incrementalPreOps", t.incrementalPreOps, incScope))) return;
    const incPart: Part = { node, part: "incrementalQuery", sql: t.incrementalQuery || t.query };
    const output = await this.runScript(incPart, incScope);
    if (output) {
      const tableColumns = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
      const incColumns = new Map(output.map((c) => [c.name.toLowerCase(), c]));
      for (const key of t.uniqueKey ?? []) {
        if (!incColumns.has(key.toLowerCase())) this.fail(incPart, `uniqueKey column ${key} is not an output column of the incremental query`);
        if (!tableColumns.has(key.toLowerCase())) this.fail({ node, part: "query", sql: t.query }, `uniqueKey column ${key} is not an output column of the query`);
      }
      const extra = output.filter((c) => !tableColumns.has(c.name.toLowerCase()));
      if (extra.length > 0 && !["EXTEND", "SYNCHRONIZE"].includes(t.onSchemaChange)) {
        this.fail(incPart, `the incremental query outputs column(s) ${extra.map((c) => c.name).join(", ")} that the table (built by the full query) does not have`);
      }
      const shared = output.filter((c) => tableColumns.has(c.name.toLowerCase())).map((c) => quoteIdent(c.name));
      if (shared.length > 0) {
        // What the incremental run does on BigQuery: insert (or merge) these columns into the existing table.
        const prefix = `INSERT INTO ${quoteIdent(node.key)} (${shared.join(", ")})\nSELECT ${shared.join(", ")} FROM (\n`;
        await this.analyzeDerived(incPart, prefix + incPart.sql + "\n)", incScope, slice(incPart.sql, 0, incPart.sql.length, prefix, "\n)"));
      }
    }
    await this.runParts(node, "incrementalPostOps", t.incrementalPostOps, incScope);
  }

  private async runParts(node: ActionNode, name: string, sqls: string[] | undefined, scope: LocalScope): Promise<boolean> {
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

  private async runStatement(part: Part, statement: ScriptStatement, scope: LocalScope, n: number | undefined): Promise<Column[] | undefined> {
    this.statementsAnalysed++;
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
      case "declare": {
        let declare;
        try {
          declare = parseDeclare(statement, sql);
        } catch (e) {
          this.fail(part, (e as Error).message, positionOf(sql, statement.start), n);
          throw new PartFailed();
        }
        let type: TypeProto | undefined;
        if (declare.typeText) {
          try {
            type = parseBigQueryType(declare.typeText);
          } catch (e) {
            this.fail(part, `DECLARE: ${(e as Error).message}`, positionOf(sql, statement.start), n);
            throw new PartFailed();
          }
        }
        if (declare.defaultStart !== undefined) {
          const { defaultStart: a, defaultEnd: b } = declare;
          // A typed DEFAULT must coerce to the type the way an assignment does; an ARRAY literal of that type
          // applies the same coercion rules (arrays of arrays do not exist, so ARRAY types compare exactly).
          const typed = type && type.typeKind !== "TYPE_ARRAY";
          const text = typed ? slice(sql, a, b!, `SELECT ARRAY<${declare.typeText}>[(`, ")]") : slice(sql, a, b!, "SELECT (", ")");
          const resolved = await this.analyze(part, text, scope, n, coercionMessage(`DECLARE ${declare.names.join(", ")}: DEFAULT value`));
          const valueType = statementOutput(resolved).columns?.[0]?.type;
          if (!type) type = valueType;
          else if (!typed && valueType && formatType(valueType) !== formatType(type)) {
            this.fail(part, `DECLARE: DEFAULT value of type ${formatType(valueType)} does not match the declared type ${formatType(type)}`, positionOf(sql, a), n);
            throw new PartFailed();
          }
        }
        for (const name of declare.names) scope.constants.set(name, type!);
        return undefined;
      }
      case "set": {
        let set;
        try {
          set = parseSet(statement);
        } catch (e) {
          this.fail(part, (e as Error).message, positionOf(sql, statement.start), n);
          throw new PartFailed();
        }
        for (const target of set.targets) {
          if (!target.startsWith("@@") && !scope.constants.has(target)) {
            this.fail(part, `SET: unrecognized variable ${target} (DECLARE it first in the same action)`, positionOf(sql, statement.start), n);
            throw new PartFailed();
          }
        }
        const only = set.targets.length === 1 && !set.targets[0]!.startsWith("@@") ? scope.constants.get(set.targets[0]!) : undefined;
        const text =
          only && only.typeKind !== "TYPE_ARRAY"
            ? slice(sql, set.exprStart, set.exprEnd, `SELECT ARRAY<${formatType(only)}>[(`, ")]")
            : slice(sql, set.exprStart, set.exprEnd, "SELECT (", ")");
        await this.analyze(part, text, scope, n, coercionMessage(`SET ${set.targets.join(", ")}: value`));
        return undefined;
      }
      case "compound": {
        const keyword = statement.tokens[0]?.text.toUpperCase() ?? "";
        this.fail(
          part,
          `BigQuery script block (${keyword} …) cannot be checked: the bundled ZetaSQL analyzer resolves single statements only. ` +
            "Keep scripting out of SQLX (DESIGN.md §4) or move the logic into set-based SQL.",
          positionOf(sql, statement.start),
          n,
          "BigQuery accepts script blocks (IF, LOOP, WHILE, FOR, BEGIN … END …) but the bundled analyzer cannot resolve them.",
        );
        throw new PartFailed();
      }
    }
  }

  /** Analyses one statement; on an analysis error reports it and throws PartFailed. */
  private async analyze(part: Part, text: AnalysedText, scope: LocalScope, n: number | undefined, explain?: (message: string) => string) {
    this.options.hooks?.beforeStatement?.({ action: part.node.key, part: part.part });
    this.analyzerCalls++;
    try {
      const resolved = await this.client.analyze(text.text, await this.catalog.handle(this.client, scope));
      const casts = countAmbiguousFloatToIntCasts(resolved.node);
      if (casts > 0) this.fail(part, `${casts} × ${FLOAT_TO_INT_MESSAGE}`, undefined, n);
      return resolved;
    } catch (e) {
      if (!(e instanceof AnalysisError)) throw e;
      const position = e.line !== undefined ? positionOf(part.sql, text.toSourceOffset(e.line, e.column ?? 1)) : undefined;
      this.fail(part, explain ? explain(e.analyzerMessage) : e.analyzerMessage, position, n, knownAnalyzerGap(e.analyzerMessage, text.text));
      throw new PartFailed();
    }
  }

  /** A check the compiled SQL implies (partitioning, incremental insert); failures are reported, never thrown. */
  private async analyzeDerived(part: Part, sql: string, scope: LocalScope, text: AnalysedText = slice(sql, 0, sql.length)): Promise<void> {
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

  private fail(part: Part, message: string, position?: { line: number; column: number }, statement?: number, analyzerGap?: string): void {
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
