import fs from "node:fs";
import path from "node:path";
import type { Column } from "../check/catalog.ts";
import { checkProject } from "../check/check.ts";
import type { CheckFailure, CheckResult, ResolvedInfo } from "../check/check-result.ts";
import { DERIVED_CONDITION_PREFIX } from "../check/check-run.ts";
import { lineAt, mapToFile, positionOf } from "../check/locations.ts";
import { parseDeclare, type ScriptStatement, splitScript } from "../check/script.ts";
import type { Logger } from "../config/logger.ts";
import type { Action } from "./actions.ts";
import { checkStatement, type Offender } from "./dialect/allowlist.ts";
import type { CompiledGraph, Target } from "./graph.ts";
import { targetKey } from "./graph.ts";
import { toDuckDb } from "./to-duckdb.ts";

/**
 * The gate in front of the local engine. Before any action runs, every statement of the selected actions is
 * analysed by BigQuery's front end (ZetaSQL) in dependency order, each construct of the analysis is matched
 * against the supported signatures, and each statement is rewritten to its DuckDB form. Either every statement
 * has a DuckDB form, or the run is refused naming every offending construct of every action.
 */

export interface RefusedConstruct {
  action: string;
  file: string;
  part: string;
  /** Line in the .sqlx file when it can be found there, else in the compiled part. */
  line?: number;
  inFile: boolean;
  written: string;
  signature?: string;
  hint: string;
}

export class LocalEngineRefusal extends Error {
  override name = "LocalEngineRefusal";
  constructor(readonly refused: RefusedConstruct[]) {
    const actions = new Set(refused.map((r) => r.action));
    super(
      `the local engine refuses ${refused.length} construct(s) in ${actions.size} action(s); nothing was run:\n` +
        refused
          .map(
            (r) =>
              `  ${r.action} (${r.file}${r.line ? `:${r.line}${r.inFile ? "" : ` of the compiled ${r.part}`}` : ""}) ${r.part}: ${r.written}${r.signature && r.signature !== r.written ? ` [${r.signature}]` : ""}: ${r.hint}`,
          )
          .join("\n"),
    );
  }
}

/** DuckDB statements per action part (query, preOps[0], queries[1], matchConditions[0], partitionExpr, …). */
export class LocalSql {
  constructor(private readonly parts: Map<string, string[]>) {}
  get(action: Action, part: string): string[] {
    const found = this.parts.get(partKey(targetKey(action.target), part));
    if (!found) throw new Error(`internal: no DuckDB form for ${action.name} ${part}`);
    return found;
  }
}

const partKey = (action: string, part: string) => `${action}\u0000${part}`;

export interface PrepareOptions {
  /** Names (schema.name) of the actions that will run. */
  selected: Set<string>;
  datasetPrefix: string;
  projectDir?: string;
  /** Columns of a declared table without typed columns, e.g. from the warehouse. */
  declarationColumns?: (target: Target) => Column[] | undefined;
  logger?: Logger;
}

interface ActionParts {
  action: Action;
  parts: { part: string; sql: string }[];
  derived: { part: string; strip: (duckdb: string) => string; prefix: string }[];
}

function partsOf(a: Action): ActionParts {
  const parts: { part: string; sql: string }[] = [];
  const derived: ActionParts["derived"] = [];
  const list = (name: string, sqls: string[]) => {
    for (const [i, sql] of sqls.entries()) parts.push({ part: `${name}[${i}]`, sql });
  };
  const t = a.table;
  if (t) {
    list("preOps", t.preOps);
    parts.push({ part: "query", sql: t.query });
    list("postOps", t.postOps);
    if (a.type === "incremental") {
      list("incrementalPreOps", t.incrementalPreOps);
      parts.push({ part: "incrementalQuery", sql: t.incrementalQuery || t.query });
      list("incrementalPostOps", t.incrementalPostOps);
      const conditions = [t.bigquery?.updatePartitionFilter ? "x" : "", ...(t.bigquery?.incrementalPredicates ?? [])];
      conditions.forEach((c, i) => {
        if (c.trim())
          derived.push({
            part: `matchConditions[${i}]`,
            prefix: DERIVED_CONDITION_PREFIX(targetKey(a.target)),
            // the select list may come back as `1` or `CAST(1 AS BIGINT)` (64-bit literals)
            strip: (s) => s.replace(/^SELECT (?:1|CAST\(1 AS BIGINT\)) FROM .*? AS T, .*? AS S WHERE /is, ""),
          });
      });
      if (t.incrementalStrategy === "INSERT_OVERWRITE" && t.bigquery?.partitionBy) {
        derived.push({
          part: "partitionExpr",
          prefix: "SELECT ",
          strip: (s) => s.replace(/^SELECT /i, "").replace(/ FROM \S+$/i, ""),
        });
      }
    }
  } else if (a.operation) list("queries", a.operation.queries);
  else if (a.assertion) parts.push({ part: "query", sql: a.assertion.query });
  return { action: a, parts, derived };
}

/** Byte offset in a string → character offset. */
function charOffset(text: string, bytes: number): number {
  return Buffer.from(text, "utf8").subarray(0, bytes).toString("utf8").length;
}

/**
 * DECLAREs whose variables no other statement of the action mentions: they change nothing, so the local engine
 * skips them (BigQuery would only allocate the variable). A used variable needs scripting, which is refused.
 */
function unusedDeclares(statements: { sql: string; st: ScriptStatement }[]): Set<ScriptStatement> {
  const unused = new Set<ScriptStatement>();
  for (const { sql, st } of statements) {
    if (st.kind !== "declare") continue;
    let names: string[];
    try {
      names = parseDeclare(st, sql).names.map((n) => n.toLowerCase());
    } catch {
      continue; // malformed: reported by the analysis
    }
    const mentioned = statements.some(
      (o) =>
        o.st !== st &&
        o.st.tokens.some(
          (t) =>
            (t.kind === "word" || t.kind === "quoted") &&
            names.includes((t.kind === "quoted" ? t.text.slice(1, -1) : t.text).toLowerCase()),
        ),
    );
    if (!mentioned) unused.add(st);
  }
  return unused;
}

const SCRIPTING_HINT =
  "BigQuery scripting (DECLARE, SET, script blocks) is not run by the local engine; use compile vars or a control table";

export async function prepareLocalSql(
  graph: CompiledGraph,
  actions: Action[],
  options: PrepareOptions,
): Promise<LocalSql> {
  const resolved = new Map<string, ResolvedInfo>();
  const keyOf = (action: string, part: string, start: number | undefined) =>
    `${partKey(action, part)}\u0000${start ?? ""}`;
  const enabled = actions.filter((a) => options.selected.has(a.name) && !a.disabled && a.type !== "declaration");
  let check: CheckResult | undefined;
  if (enabled.length > 0) {
    check = await checkProject({
      projectDir: options.projectDir ?? ".",
      graph,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.declarationColumns ? { declarationColumns: options.declarationColumns } : {}),
      skipDisabled: true,
      hooks: { onResolved: (info) => resolved.set(keyOf(info.action, info.part, info.statementStart), info) },
    });
  }
  const failuresByAction = new Map<string, CheckFailure[]>();
  for (const f of check?.failures ?? []) failuresByAction.set(f.action, [...(failuresByAction.get(f.action) ?? []), f]);
  const blocked = new Map((check?.blocked ?? []).map((b) => [b.action, b]));
  const fileTexts = new Map<string, string | undefined>();
  const fileText = (file: string) => {
    if (!fileTexts.has(file)) {
      const full = options.projectDir ? path.join(options.projectDir, file) : "";
      fileTexts.set(file, full && fs.existsSync(full) ? fs.readFileSync(full, "utf8") : undefined);
    }
    return fileTexts.get(file);
  };

  const refused: RefusedConstruct[] = [];
  const out = new Map<string, string[]>();
  for (const a of enabled) {
    const key = targetKey(a.target);
    const origin = { action: a.name, file: a.file };
    const refuse = (part: string, sql: string, offset: number | undefined, o: Omit<Offender, "offset">) => {
      const r: RefusedConstruct = {
        action: a.name,
        file: a.file,
        part,
        inFile: false,
        written: o.written.replace(/\s+/g, " ").slice(0, 120),
        signature: o.signature,
        hint: o.hint,
      };
      if (offset !== undefined) {
        const pos = positionOf(sql, offset);
        const text = fileText(a.file);
        const mapped = text ? mapToFile(text, lineAt(sql, pos.line), pos.column) : undefined;
        r.line = mapped?.line ?? pos.line;
        r.inFile = mapped !== undefined;
      }
      refused.push(r);
    };
    const b = blocked.get(key);
    if (b) {
      const disabled = new Set(actions.filter((x) => x.disabled).map((x) => targetKey(x.target)));
      const why = b.blockedBy.map((u) =>
        disabled.has(u)
          ? `${u} is disabled and not in the warehouse, so its columns are unknown`
          : `${u} could not be analysed`,
      );
      refuse("query", "", undefined, { signature: "", written: "(not analysed)", hint: `upstream ${why.join("; ")}` });
      continue;
    }
    for (const f of failuresByAction.get(key) ?? []) {
      refused.push({
        action: a.name,
        file: a.file,
        part: f.part,
        line: f.fileLine ?? f.line,
        inFile: f.fileLine !== undefined,
        written: (f.sqlLine ?? "").trim().slice(0, 120),
        hint: `BigQuery's analyzer rejects it: ${f.message}`,
      });
    }
    const { parts, derived } = partsOf(a);
    const split = parts.map(({ part, sql }) => {
      try {
        return { part, sql, statements: splitScript(sql) };
      } catch {
        return { part, sql, statements: undefined }; // reported by the check
      }
    });
    const skipped = unusedDeclares(
      split.flatMap(({ sql, statements }) => (statements ?? []).map((st) => ({ sql, st }))),
    );
    for (const { part, sql, statements } of split) {
      if (!statements) continue;
      const duck: string[] = [];
      for (const st of statements) {
        const text = sql.slice(st.start, st.end);
        if (skipped.has(st)) continue;
        if (st.kind !== "sql") {
          if (st.kind === "set" && /^\s*SET\s+@@query_label\b/i.test(text)) continue; // a job label: no local meaning
          refuse(part, sql, st.start, {
            signature: st.kind.toUpperCase(),
            written: text.split("\n")[0]!,
            hint: SCRIPTING_HINT,
          });
          continue;
        }
        if (/^\s*CREATE\s+(OR\s+REPLACE\s+)?TEMP(ORARY)?\s+FUNCTION\b[\s\S]*\bLANGUAGE\s+js\b/i.test(text)) {
          refuse(part, sql, st.start, {
            signature: "CREATE TEMP FUNCTION … LANGUAGE js",
            written: text.split("\n")[0]!,
            hint: "JavaScript UDFs are not run by the local engine; write the function in SQL",
          });
          continue;
        }
        const info = resolved.get(keyOf(key, part, st.start));
        if (!info) continue; // the analyzer rejected it: reported from the check's failures
        const result = checkStatement(info.text, info.resolved);
        for (const o of result.offenders)
          refuse(part, sql, o.offset === undefined ? st.start : st.start + charOffset(info.text, o.offset), o);
        if (result.offenders.length > 0) continue;
        try {
          duck.push(...toDuckDb(result.rewritten, origin, options.datasetPrefix));
        } catch (e) {
          refuse(part, sql, st.start, {
            signature: "",
            written: text.trim().split("\n")[0]!,
            hint: `the BigQuery-to-DuckDB transpiler cannot translate this statement: ${(e as Error).message}`,
          });
        }
      }
      out.set(partKey(key, part), duck);
    }
    for (const d of derived) {
      const info = resolved.get(keyOf(key, d.part, undefined));
      if (!info) continue;
      const result = checkStatement(info.text, info.resolved);
      for (const o of result.offenders)
        refuse(d.part, info.text, o.offset === undefined ? undefined : charOffset(info.text, o.offset), o);
      if (result.offenders.length > 0) continue;
      const translated = toDuckDb(result.rewritten, origin, options.datasetPrefix);
      out.set(
        partKey(key, d.part),
        translated.map((statement) => {
          const stripped = d.strip(statement);
          if (stripped === statement)
            throw new Error(
              `${a.name} ${d.part}: cannot take the expression out of its translated wrapper: ${statement.slice(0, 200)}`,
            );
          return stripped;
        }),
      );
    }
  }
  if (refused.length > 0) throw new LocalEngineRefusal(refused);
  return new LocalSql(out);
}
