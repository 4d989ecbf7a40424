/**
 * What a command prints. Without --json: readable text on stdout. With --json: stdout carries exactly one JSON
 * object (the result, or `{ ok: false, error, message }` on failure) and every readable line goes to stderr.
 */
export interface Output {
  json: boolean;
  /** A readable line or block (stdout, or stderr under --json). */
  text: (text: string) => void;
  /** The command's result: printed as JSON under --json, else nothing (the readable lines already said it). */
  result: (value: unknown) => void;
}

export function commandOutput(json: boolean | undefined): Output {
  return {
    json: Boolean(json),
    text: (text) => (json ? process.stderr : process.stdout).write(text),
    result: (value) => {
      if (json) process.stdout.write(toJson(value));
    },
  };
}

/** Two-space JSON with a trailing newline; BigInt (DuckDB's BIGINT/HUGEINT) as a number when exact, else a string. */
export function toJson(value: unknown): string {
  const replacer = (_key: string, v: unknown) =>
    typeof v === "bigint" ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v;
  return `${JSON.stringify(value, replacer, 2)}\n`;
}

/** The one JSON object a failed command prints under --json. */
export function errorJson(error: unknown): string {
  const e = error instanceof Error ? error : new Error(String(error));
  return toJson({ ok: false, error: e.name === "Error" ? "error" : e.name, message: e.message });
}

/** Whether the command line asks for JSON (also for errors raised before a command's action runs). */
export function jsonRequested(argv: string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).includes("--json");
}
