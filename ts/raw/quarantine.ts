import { createHash } from "node:crypto";
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
 * <source> is the logical source name with "/" replaced by "__" and characters outside [A-Za-z0-9._=,+-] by "_";
 * a name longer than MAX_NAME_LENGTH keeps its first part and ends in "…" + 16 hex of its SHA-256, so every
 * quarantine file name fits the file system's 255-byte limit. Each new load of a source replaces its entries.
 * Every text written goes through the redactor (a scraped record may echo a secret).
 */
export const MAX_NAME_LENGTH = 120;

export function quarantineName(sourceFile: string): string {
  const flat = sourceFile
    .replace(/^\/+/, "")
    .replace(/[\\/]/g, "__")
    .replace(/[^A-Za-z0-9._=,+-]/g, "_");
  if (flat.length <= MAX_NAME_LENGTH) return flat;
  const hash = createHash("sha256").update(sourceFile).digest("hex").slice(0, 16);
  return `${flat.slice(0, MAX_NAME_LENGTH - 18)}__${hash}`;
}

export class Quarantine {
  constructor(
    readonly root: string,
    private readonly redact: (text: string) => string = (t) => t,
  ) {}

  private base(table: string, sourceFile: string): string {
    return path.join(this.root, table, quarantineName(sourceFile));
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
    fs.writeFileSync(file, this.redact(`${lines.join("\n")}\n`));
    return file;
  }

  writeFileFailure(table: string, sourceFile: string, content: Buffer, message: string): string[] {
    const base = this.base(table, sourceFile);
    fs.mkdirSync(path.dirname(base), { recursive: true });
    fs.writeFileSync(base, this.redactBytes(content));
    fs.writeFileSync(`${base}.error.txt`, this.redact(`${sourceFile}: ${message}\n`));
    return [`${base}.error.txt`, base];
  }

  /** Bytes as latin1 text (one char per byte, so the bytes survive unchanged) through the redactor. */
  private redactBytes(content: Buffer): Buffer {
    const text = content.toString("latin1");
    const redacted = this.redact(text);
    return redacted === text ? content : Buffer.from(redacted, "latin1");
  }
}
