/**
 * A small BigQuery lexer: just enough to split a script into statements at top-level semicolons and to read the
 * head of script statements (DECLARE, SET). It knows BigQuery's quoting (', ", ''', """, r/b prefixes,
 * backticks) and comments (--, #, /* *\/), so a `;` inside a string or a comment never splits a statement.
 */

export type TokenKind = "word" | "string" | "quoted" | "number" | "punct" | "comment" | "space";

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

export class UnterminatedError extends Error {
  override name = "UnterminatedError";
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number) => {
    tokens.push({ kind, text: sql.slice(start, end), start, end });
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const start = i;
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /\s/.test(sql[j]!)) j++;
      push("space", start, j);
    } else if ((c === "-" && sql[i + 1] === "-") || c === "#") {
      const nl = sql.indexOf("\n", i);
      push("comment", start, nl === -1 ? sql.length : nl);
    } else if (c === "/" && sql[i + 1] === "*") {
      const close = sql.indexOf("*/", i + 2);
      if (close === -1) throw new UnterminatedError("unterminated /* comment", start);
      push("comment", start, close + 2);
    } else if (c === "`") {
      const close = sql.indexOf("`", i + 1);
      if (close === -1) throw new UnterminatedError("unterminated backtick identifier", start);
      push("quoted", start, close + 1);
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_]/.test(sql[j]!)) j++;
      const word = sql.slice(i, j);
      const q = sql[j];
      if ((q === "'" || q === '"') && /^(r|b|rb|br)$/i.test(word)) {
        push("string", start, scanString(sql, j, /r/i.test(word)));
      } else {
        push("word", start, j);
      }
    } else if (c === "'" || c === '"') {
      push("string", start, scanString(sql, i, false));
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(sql[i + 1] ?? ""))) {
      let j = i + 1;
      while (j < sql.length && /[0-9A-Za-z_.]/.test(sql[j]!)) {
        if ((sql[j] === "e" || sql[j] === "E") && (sql[j + 1] === "+" || sql[j + 1] === "-")) j++;
        j++;
      }
      push("number", start, j);
    } else {
      push("punct", start, i + 1);
    }
  }
  return tokens;
}

/** End offset (exclusive) of the string literal whose opening quote is at `i`. */
function scanString(sql: string, i: number, raw: boolean): number {
  const q = sql[i]!;
  const triple = sql.startsWith(q.repeat(3), i);
  const close = triple ? q.repeat(3) : q;
  let j = i + close.length;
  while (j < sql.length) {
    if (!raw && sql[j] === "\\") {
      j += 2;
      continue;
    }
    if (sql.startsWith(close, j)) return j + close.length;
    if (!triple && sql[j] === "\n") break;
    j++;
  }
  throw new UnterminatedError("unterminated string literal", i);
}

/** Tokens that carry meaning (no spaces, no comments). */
export function significant(tokens: Token[]): Token[] {
  return tokens.filter((t) => t.kind !== "space" && t.kind !== "comment");
}
