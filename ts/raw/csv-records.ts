import { parse } from "csv-parse/sync";
import { WholeFileError } from "./payload-text.ts";

export interface CsvRecord {
  /** Line number in the decompressed text (header = line 1). */
  line: number;
  record: Record<string, string>;
  /** Set when the line has a different number of fields than the header. */
  shapeError?: string;
}

/**
 * The records of a CSV text with their line numbers. The header must hold exactly the expected columns (any
 * order): a missing or unexpected column rejects the whole file, naming the column. The payload is already in
 * memory (its hash covers every byte), so csv-parse's synchronous API is used: ~40 % faster than its stream here.
 */
export function* readCsvRecords(text: string, expectedColumns: readonly string[]): Generator<CsvRecord> {
  let header: string[] | undefined;
  try {
    const parsed = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    for (const { record, info } of parsed) {
      if (!header) {
        header = record.map((h) => h.trim());
        checkHeader(header, expectedColumns);
        continue;
      }
      const values: Record<string, string> = {};
      for (const [i, name] of header.entries()) values[name] = record[i] ?? "";
      const shapeError =
        record.length === header.length
          ? undefined
          : `line has ${record.length} fields, the header has ${header.length}`;
      yield { line: info.lines, record: values, shapeError };
    }
  } catch (error) {
    if (error instanceof WholeFileError) throw error;
    if ((error as { code?: string }).code === "CSV_QUOTE_NOT_CLOSED") {
      throw new WholeFileError(
        `not parseable as CSV: line ${unclosedQuoteLine(text)}: a quoted field opens here and is never closed`,
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new WholeFileError(`not parseable as CSV: ${reason}`);
  }
  if (!header) throw new WholeFileError("empty file: no header line");
}

function checkHeader(header: string[], expected: readonly string[]): void {
  const missing = expected.filter((c) => !header.includes(c));
  const unexpected = header.filter((c) => !expected.includes(c));
  const duplicated = header.filter((c, i) => header.indexOf(c) !== i);
  const problems = [
    missing.length ? `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}` : "",
    unexpected.length ? `unexpected column${unexpected.length > 1 ? "s" : ""} ${unexpected.join(", ")}` : "",
    duplicated.length ? `duplicated column${duplicated.length > 1 ? "s" : ""} ${duplicated.join(", ")}` : "",
  ].filter(Boolean);
  if (problems.length > 0) throw new WholeFileError(`line 1 (header): ${problems.join("; ")}`);
}

/** The line where the quoted field that never closes opens (csv-parse reports the end of the file instead). */
export function unclosedQuoteLine(text: string): number {
  let line = 1;
  let openedAt = 0;
  let inQuotes = false;
  let atFieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') i += 1;
        else inQuotes = false;
      } else if (c === "\n") line += 1;
      continue;
    }
    if (c === '"' && atFieldStart) {
      inQuotes = true;
      openedAt = line;
    }
    if (c === "\n") line += 1;
    atFieldStart = c === "," || c === "\n" || c === "\r";
  }
  return inQuotes ? openedAt : line;
}
