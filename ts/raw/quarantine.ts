import fs from "node:fs";
import path from "node:path";

export interface RecordIssue {
  field: string;
  message: string;
}

/** One rejected record: where it was, every problem found, and the record as read. */
export interface Rejection {
  line: number;
  issues: RecordIssue[];
  record: Record<string, string>;
}

/** `file:line: field F: message` — the one-line form used in logs, summaries and the quarantine files. */
export function describeRejection(sourceFile: string, rejection: Rejection): string {
  const issues = rejection.issues.map((i) => (i.field ? `field ${i.field}: ${i.message}` : i.message)).join("; ");
  return `${sourceFile}:${rejection.line}: ${issues}`;
}

/**
 * The quarantine area, one folder per raw table:
 *   <root>/<table>/<source>.rejected.jsonl  rejected records of a file that otherwise loaded (one JSON object a line)
 *   <root>/<table>/<source>.error.txt       why a whole file was rejected
 *   <root>/<table>/<source>                 a copy of that rejected file (the original is never moved)
 * <source> is the logical source name with "/" replaced by "__". Each new load of a source replaces its entries.
 */
export class Quarantine {
  constructor(readonly root: string) {}

  private base(table: string, sourceFile: string): string {
    const flat = sourceFile.replace(/^\/+/, "").replace(/[\\/]/g, "__").replace(/:/g, "_");
    return path.join(this.root, table, flat);
  }

  clear(table: string, sourceFile: string): void {
    const base = this.base(table, sourceFile);
    for (const file of [base, `${base}.rejected.jsonl`, `${base}.error.txt`]) fs.rmSync(file, { force: true });
  }

  writeRejections(table: string, sourceFile: string, rejections: readonly Rejection[]): string {
    const file = `${this.base(table, sourceFile)}.rejected.jsonl`;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const lines = rejections.map((r) =>
      JSON.stringify({
        source_file: sourceFile,
        line: r.line,
        field: r.issues[0]?.field ?? "",
        message: describeRejection(sourceFile, r),
        issues: r.issues,
        record: r.record,
      }),
    );
    fs.writeFileSync(file, `${lines.join("\n")}\n`);
    return file;
  }

  writeFileFailure(table: string, sourceFile: string, content: Buffer, message: string): string[] {
    const base = this.base(table, sourceFile);
    fs.mkdirSync(path.dirname(base), { recursive: true });
    fs.writeFileSync(base, content);
    fs.writeFileSync(`${base}.error.txt`, `${sourceFile}: ${message}\n`);
    return [`${base}.error.txt`, base];
  }
}
