/**
 * The one redactor: every text made from a response, URL, error or record passes through it before it is printed,
 * logged, archived or quarantined. It knows every way a secret can be spelled in such text:
 * - each character as itself, percent-encoded (either hex case, `%2B`/`%2b`), double-encoded (`%252B`), JSON
 *   `\uXXXX`-escaped, or (space) as `+` — in any mix, so raw, `encodeURIComponent`, URLSearchParams/form encoding
 *   (`+` for space, `%21 %28 %29` for `! ( )`) and JSON strings are all caught;
 * - base64 and base64url of the secret.
 * Secrets shorter than MIN_SECRET_LENGTH are ignored (they would redact ordinary words).
 */
export const REDACTED = "[redacted]";
export const MIN_SECRET_LENGTH = 4;

export type Redactor = (text: string) => string;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/** Hex digits matching either case: "2f" → "2[fF]". */
const anyCaseHex = (hex: string) => hex.replace(/[a-f]/g, (h) => `[${h}${h.toUpperCase()}]`);
/** A byte percent-encoded once or twice (`%2F`, `%2f`, `%252F`). */
const percentEncoded = (byte: number) => `%(?:25)?${anyCaseHex(byte.toString(16).padStart(2, "0"))}`;

function characterPattern(char: string): string {
  const spellings = [escapeRegExp(char), Buffer.from(char, "utf8").reduce((p, b) => p + percentEncoded(b), "")];
  const code = char.codePointAt(0)!;
  if (code <= 0xffff) spellings.push(`\\u${anyCaseHex(code.toString(16).padStart(4, "0"))}`);
  if (char === " ") spellings.push("\\+");
  if (char === '"' || char === "\\") spellings.push(`\\\\${escapeRegExp(char)}`);
  return `(?:${spellings.join("|")})`;
}

function secretPattern(secret: string): string {
  const base64 = Buffer.from(secret, "utf8").toString("base64").replace(/=+$/, "");
  const base64url = Buffer.from(secret, "utf8").toString("base64url");
  return [[...secret].map(characterPattern).join(""), escapeRegExp(base64), escapeRegExp(base64url)].join("|");
}

export function createRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const values = [
    ...new Set(secrets.filter((v): v is string => typeof v === "string" && v.length >= MIN_SECRET_LENGTH)),
  ];
  if (values.length === 0) return (text) => text;
  // Longest first, so a secret containing another is replaced whole.
  const pattern = new RegExp(
    values
      .sort((a, b) => b.length - a.length)
      .map(secretPattern)
      .join("|"),
    "g",
  );
  return (text) => text.replace(pattern, REDACTED);
}
