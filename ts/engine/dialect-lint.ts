/**
 * Constructs that the BigQuery→DuckDB path would run with a silently different result (or not at all), each with
 * the includes/sql.js macro to use instead. The runner compiles with engine=duckdb, where every macro emits an
 * nbap_* call; so any of these left in the compiled SQL was written outside its macro.
 */
export interface ForbiddenConstruct {
  construct: string;
  pattern: RegExp;
  macro: string;
  why: string;
}

export const FORBIDDEN_CONSTRUCTS: ForbiddenConstruct[] = [
  { construct: "REGEXP_CONTAINS", pattern: /\bREGEXP_CONTAINS\s*\(/i, macro: "sql.regexpContains(s, pattern)", why: "becomes a full-string match" },
  { construct: "REGEXP_REPLACE", pattern: /\bREGEXP_REPLACE\s*\(/i, macro: "sql.regexpReplace(s, pattern, replacement)", why: "replaces the first match only" },
  { construct: "CONCAT", pattern: /\bCONCAT\s*\(/i, macro: "sql.concat(a, b, ...) or a || b", why: "DuckDB's concat skips NULLs; BigQuery returns NULL" },
  { construct: "DAYOFWEEK", pattern: /\bDAYOFWEEK\b/i, macro: "sql.dayOfWeek(d)", why: "off by one (DuckDB Sunday = 0)" },
  { construct: "DATE_TRUNC(…, WEEK)", pattern: /\bDATE_TRUNC\s*\([^()]*,\s*WEEK\b/i, macro: "sql.weekStart(d)", why: "DuckDB weeks start on Monday" },
  { construct: "DATE_ADD", pattern: /\bDATE_ADD\s*\(/i, macro: "sql.dateAdd(d, n, unit)", why: "returns a TIMESTAMP on DuckDB" },
  { construct: "DATE_SUB", pattern: /\bDATE_SUB\s*\(/i, macro: "sql.dateSub(d, n, unit)", why: "returns a TIMESTAMP on DuckDB" },
  { construct: "FORMAT", pattern: /\bFORMAT\s*\(/i, macro: "sql.formatFixed(x, decimals)", why: "returns the format string literally" },
  { construct: "NUMERIC", pattern: /\b(BIG)?NUMERIC\b/i, macro: "sql.numeric(x)", why: "becomes DECIMAL(18,3)" },
  { construct: "APPROX_QUANTILES", pattern: /\bAPPROX_QUANTILES\s*\(/i, macro: "an exact aggregate (no local equivalent)", why: "DuckDB interpolates; BigQuery approximates" },
  { construct: "ARRAY_AGG(… LIMIT n)", pattern: /\bARRAY_AGG\s*\((?:[^()]|\([^()]*\))*\bLIMIT\b/i, macro: "sql.arrayAggLimit(expr, orderBy, n)", why: "fails on DuckDB" },
  { construct: "UNNEST … WITH OFFSET", pattern: /\bWITH\s+OFFSET\b/i, macro: "sql.unnestWithOffset(array, value, offset)", why: "fails on DuckDB" },
  { construct: "NORMALIZE", pattern: /\bNORMALIZE(_AND_CASEFOLD)?\s*\(/i, macro: "sql.stripAccents(s)", why: "fails on DuckDB" },
  { construct: "GENERATE_DATE_ARRAY", pattern: /\bGENERATE_DATE_ARRAY\s*\(/i, macro: "a date spine table (no local equivalent)", why: "fails on DuckDB" },
  { construct: "DECLARE", pattern: /^\s*DECLARE\b/im, macro: "vars or a control table (scripting is not run locally)", why: "BigQuery scripting is not supported by the local runner" },
];

/** Replaces string literals and comments by spaces (same length), so patterns only see SQL code. */
export function maskLiteralsAndComments(sql: string): string {
  return sql.replace(
    /--[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\/|[rRbB]{0,2}'''[\s\S]*?'''|[rRbB]{0,2}"""[\s\S]*?"""|[rRbB]{0,2}'(?:\\.|[^'\\\n])*'|[rRbB]{0,2}"(?:\\.|[^"\\\n])*"/g,
    (m) => m.replace(/[^\n]/g, " "),
  );
}

export interface LintFinding {
  construct: string;
  macro: string;
  why: string;
  line: number;
}

export function findForbiddenConstructs(sql: string): LintFinding[] {
  const code = maskLiteralsAndComments(sql);
  const findings: LintFinding[] = [];
  for (const f of FORBIDDEN_CONSTRUCTS) {
    const match = f.pattern.exec(code);
    if (match) {
      const line = code.slice(0, match.index).split("\n").length;
      findings.push({ construct: f.construct, macro: f.macro, why: f.why, line });
    }
  }
  return findings;
}
