/**
 * Line/column bookkeeping. The analyzer reports `[at line:column]` in the text it was given (1-based, tabs
 * expanded to 8-column stops); we give it slices of compiled SQL, sometimes wrapped (`SELECT (<expr>)`), and
 * report positions in the compiled SQL and, when the line can be found, in the .sqlx file.
 */

export interface Position {
  line: number;
  column: number;
}

/** Offset in `text` of a 1-based analyzer line/column (column counted with tabs expanded to stops of 8). */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", offset);
    if (nl === -1) return text.length;
    offset = nl + 1;
  }
  let visual = 1;
  while (offset < text.length && text[offset] !== "\n" && visual < column) {
    visual = text[offset] === "\t" ? visual + 8 - ((visual - 1) % 8) : visual + 1;
    offset++;
  }
  return offset;
}

/** 1-based line and column (in characters) of `offset` in `text`. */
export function positionOf(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function lineAt(text: string, line: number): string {
  return text.split("\n")[line - 1] ?? "";
}

/**
 * Text given to the analyzer: `prefix + source.slice(start, end) + suffix`. Maps analyzer positions back to
 * offsets in `source`.
 */
export interface AnalysedText {
  text: string;
  toSourceOffset(line: number, column: number): number;
}

export function slice(source: string, start: number, end: number, prefix = "", suffix = ""): AnalysedText {
  const text = prefix + source.slice(start, end) + suffix;
  return {
    text,
    toSourceOffset(line, column) {
      const o = offsetOf(text, line, column);
      return Math.min(end, Math.max(start, start + o - prefix.length));
    },
  };
}

/**
 * Where the compiled line holding `column` comes from in the .sqlx file: the unique file line containing the
 * compiled line's text, or failing that the text from the error column to the end of the line. Undefined when
 * templating (`${ref(…)}`, js blocks) changed the line beyond recognition.
 */
export function mapToFile(fileText: string, compiledLine: string, column: number): Position | undefined {
  const fileLines = fileText.split("\n");
  const find = (needle: string): { line: number; index: number } | undefined => {
    if (needle.trim().length < 6) return undefined;
    const hits: { line: number; index: number }[] = [];
    fileLines.forEach((l, i) => {
      const index = l.indexOf(needle);
      if (index !== -1) hits.push({ line: i + 1, index });
    });
    return hits.length === 1 ? hits[0] : undefined;
  };
  const trimmed = compiledLine.trim();
  const lead = compiledLine.indexOf(trimmed);
  const whole = find(trimmed);
  if (whole) return { line: whole.line, column: whole.index + Math.max(1, column - lead) };
  const tail = compiledLine.slice(column - 1).trimEnd();
  const rest = find(tail);
  if (rest) return { line: rest.line, column: rest.index + 1 };
  // A table reference (`db.schema.table`) was written as ${ref(…)}: the text up to it is still the author's.
  const beforeRef = tail.split("`")[0]!.trimEnd();
  const head = beforeRef !== tail ? find(beforeRef) : undefined;
  if (head) return { line: head.line, column: head.index + 1 };
  return undefined;
}
