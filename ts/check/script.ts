import { significant, type Token, tokenize } from "./sql-tokens.ts";

/**
 * Splits one compiled SQL string (a query, or a pre/post operation that may be a BigQuery script) into
 * statements, and reads the script statements the bundled analyzer cannot resolve itself:
 * - DECLARE and SET are checked by ts/check/check.ts (their expressions are analysed, declared variables become
 *   typed catalog constants for the statements after them);
 * - compound statements (BEGIN … END, IF, LOOP, WHILE, REPEAT, FOR, CASE, RAISE, RETURN, …) cannot be checked:
 *   they are reported as failures, never skipped.
 */

export type StatementKind = "sql" | "declare" | "set" | "compound";

export interface ScriptStatement {
  kind: StatementKind;
  /** Offsets into the original string: [start, end). `start` is the first significant token. */
  start: number;
  end: number;
  text: string;
  tokens: Token[];
}

const COMPOUND = new Set([
  "IF",
  "LOOP",
  "WHILE",
  "REPEAT",
  "FOR",
  "CASE",
  "RAISE",
  "RETURN",
  "BREAK",
  "LEAVE",
  "CONTINUE",
  "ITERATE",
]);

function classify(tokens: Token[]): StatementKind {
  const first = tokens[0]?.text.toUpperCase();
  const second = tokens[1]?.text.toUpperCase();
  if (first === "DECLARE") return "declare";
  if (first === "SET") return "set";
  if (first === "BEGIN") return second === "TRANSACTION" || second === undefined ? "sql" : "compound";
  if (first && tokens[0]!.kind === "word" && COMPOUND.has(first)) return "compound";
  // A label: `label_name: BEGIN …`
  if (tokens[1]?.text === ":" && tokens[0]?.kind === "word") return "compound";
  return "sql";
}

/** The statements of `sql`, in order; empty statements (only spaces or comments) are dropped. */
export function splitScript(sql: string): ScriptStatement[] {
  const tokens = tokenize(sql);
  const statements: ScriptStatement[] = [];
  let current: Token[] = [];
  const flush = (end: number) => {
    const sig = significant(current);
    if (sig.length > 0) {
      const start = sig[0]!.start;
      const stop = sig[sig.length - 1]!.end;
      statements.push({
        kind: classify(sig),
        start,
        end: Math.max(stop, start),
        text: sql.slice(start, stop),
        tokens: sig,
      });
    }
    current = [];
    void end;
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === "punct" && token.text === ";") {
      const sig = significant(current);
      // A compound statement's body holds semicolons: the rest of the string is that one statement.
      if (sig.length > 0 && classify(sig) === "compound") {
        current = tokens.slice(tokens.indexOf(sig[0]!));
        break;
      }
      flush(token.start);
      continue;
    }
    current.push(token);
  }
  flush(sql.length);
  return statements;
}

export interface Declare {
  names: string[];
  /** The declared type as written, or undefined. */
  typeText?: string;
  /** Offsets (into the original string) of the DEFAULT expression, or undefined. */
  defaultStart?: number;
  defaultEnd?: number;
}

function unquote(t: Token): string {
  return t.kind === "quoted" ? t.text.slice(1, -1) : t.text;
}

/** Reads `DECLARE a[, b …] [type] [DEFAULT expr]`. Throws with a message for a malformed head. */
export function parseDeclare(statement: ScriptStatement, sql: string): Declare {
  const t = statement.tokens;
  const names: string[] = [];
  let i = 1;
  for (;;) {
    const name = t[i];
    if (!name || (name.kind !== "word" && name.kind !== "quoted")) throw new Error("DECLARE: expected a variable name");
    names.push(unquote(name));
    i++;
    if (t[i]?.text === ",") i++;
    else break;
  }
  let depth = 0;
  let defaultIndex = -1;
  for (let j = i; j < t.length; j++) {
    const x = t[j]!.text;
    if (x === "(" || x === "<") depth++;
    else if (x === ")" || x === ">") depth--;
    else if (depth === 0 && t[j]!.kind === "word" && x.toUpperCase() === "DEFAULT") {
      defaultIndex = j;
      break;
    }
  }
  const typeEnd = defaultIndex === -1 ? t.length : defaultIndex;
  const typeText = typeEnd > i ? sql.slice(t[i]!.start, t[typeEnd - 1]!.end).trim() : undefined;
  if (defaultIndex === -1) {
    if (!typeText) throw new Error("DECLARE: a variable needs a type or a DEFAULT value");
    return { names, typeText };
  }
  const first = t[defaultIndex + 1];
  if (!first) throw new Error("DECLARE: DEFAULT needs an expression");
  return { names, typeText, defaultStart: first.start, defaultEnd: statement.end };
}

export interface SetStatement {
  /** Variable names assigned (several for `SET (a, b) = …`); system variables keep their `@@`. */
  targets: string[];
  exprStart: number;
  exprEnd: number;
}

/** Reads `SET name = expr`, `SET (a, b) = expr` or `SET @@system_variable = expr`. */
export function parseSet(statement: ScriptStatement): SetStatement {
  const t = statement.tokens;
  const targets: string[] = [];
  let i = 1;
  if (t[i]?.text === "(") {
    i++;
    while (t[i] && t[i]!.text !== ")") {
      if (t[i]!.text !== ",") targets.push(unquote(t[i]!));
      i++;
    }
    i++;
  } else if (t[i]?.text === "@" && t[i + 1]?.text === "@") {
    let name = "@@";
    i += 2;
    while (t[i] && t[i]!.text !== "=") name += t[i++]!.text;
    targets.push(name);
  } else if (t[i]) {
    targets.push(unquote(t[i]!));
    i++;
  }
  if (t[i]?.text !== "=" || !t[i + 1]) throw new Error("SET: expected `SET variable = expression`");
  return { targets, exprStart: t[i + 1]!.start, exprEnd: statement.end };
}
