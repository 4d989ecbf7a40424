import type { Logger } from "../config/logger.ts";
import type { ActionType } from "../engine/action-type.ts";
import type { CompiledGraph, Target } from "../engine/graph.ts";
import type { ResolvedStatement } from "./analyzer-client.ts";
import type { AnalyzerProcess } from "./analyzer-process.ts";
import type { Column } from "./catalog.ts";

/** What `nba-props check` reports, and the options and hooks of a check. */

export interface CheckFailure {
  /** Target of the action, `database.schema.name`. */
  action: string;
  actionKind: ActionType;
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
  actionKind: ActionType;
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
  /** Called with BigQuery's analysis of every statement that resolved (the local engine's allowlist reads it). */
  onResolved?(info: ResolvedInfo): void;
}

export interface ResolvedInfo {
  /** Target key of the action, `database.schema.name`. */
  action: string;
  part: string;
  /** Where the statement starts in the part's SQL; derived checks (partitioning, inserts) have none. */
  statementStart?: number;
  /** The analysed text: parse locations are byte offsets into it. */
  text: string;
  resolved: ResolvedStatement;
}

export interface CheckOptions {
  projectDir: string;
  /** Extra compile vars. */
  vars?: Record<string, string>;
  logger?: Logger;
  /** Analyzer binary override (default: the package's binary for this platform). */
  analyzerBinary?: string;
  /** An already compiled graph (it must be the bigquery one). */
  graph?: CompiledGraph;
  hooks?: CheckHooks;
  /**
   * Columns of a declaration that has no typed columns (e.g. read from a warehouse). Without it, or when it
   * returns undefined, such a declaration is a failure (the check needs the types).
   */
  declarationColumns?(target: Target): Column[] | undefined;
  /**
   * Reads declarationColumns from a warehouse once the graph is compiled (while the analyzer starts), for the
   * graph's schemas; used when declarationColumns is not given.
   */
  warehouseColumns?(graph: CompiledGraph): Promise<((target: Target) => Column[] | undefined) | undefined>;
  /**
   * Leave disabled actions unanalysed (the local engine: Dataform never runs them). Their dependents see the
   * table as it already is (through declarationColumns) or are blocked.
   */
  skipDisabled?: boolean;
}
