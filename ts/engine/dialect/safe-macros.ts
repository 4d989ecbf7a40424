/**
 * The SAFE. versions of the prelude's macros. A macro that raises BigQuery's error with DuckDB's error() gets a twin,
 * nbap_safe_<name>, where each error(…) is NULL and each call to another raising macro calls that macro's twin:
 * exactly the function's own errors become NULL, while an error in an argument still raises, as with BigQuery's
 * SAFE. prefix. (DuckDB's TRY() cannot do this: it refuses error(), and it would swallow the arguments' errors too.)
 */

const MACRO = /^CREATE OR REPLACE MACRO (nbap_\w+)\(/;

/** The twin's name of a raising macro. */
export const safeName = (macro: string): string => macro.replace(/^nbap_/, "nbap_safe_");

/** `error(…)` calls of a macro body replaced by NULL (parentheses and quotes respected). */
function withoutErrors(body: string): string {
  let out = "";
  let i = 0;
  for (;;) {
    const at = body.slice(i).search(/\berror\(/);
    if (at === -1) return out + body.slice(i);
    const start = i + at;
    out += `${body.slice(i, start)}NULL`;
    let depth = 0;
    let j = start + "error".length;
    for (; j < body.length; j++) {
      const ch = body[j]!;
      if (ch === "'") j = body.indexOf("'", j + 1);
      else if (ch === "(") depth++;
      else if (ch === ")" && --depth === 0) break;
    }
    i = j + 1;
  }
}

/** The names of the macros that raise (directly or through another raising macro). */
export function raisingMacros(macros: string[]): Set<string> {
  const bodies = new Map(macros.map((m) => [MACRO.exec(m)?.[1] ?? "", m]));
  const raising = new Set([...bodies].filter(([, m]) => /\berror\(/.test(m)).map(([n]) => n));
  for (let grown = true; grown; ) {
    grown = false;
    for (const [name, m] of bodies) {
      if (!raising.has(name) && [...raising].some((r) => m.includes(`${r}(`))) {
        raising.add(name);
        grown = true;
      }
    }
  }
  raising.delete("");
  return raising;
}

/** One twin per raising macro, in the same order (a twin only calls twins defined before it). */
export function safeTwins(macros: string[]): string[] {
  const raising = raisingMacros(macros);
  const defined = new Set(macros.map((m) => MACRO.exec(m)?.[1]));
  return macros.flatMap((m) => {
    const name = MACRO.exec(m)?.[1];
    // a hand-written safe version (nbap_safe_array_at_offset) is kept
    if (!name || !raising.has(name) || defined.has(safeName(name))) return [];
    let twin = withoutErrors(m).replace(MACRO, `CREATE OR REPLACE MACRO ${safeName(name)}(`);
    for (const r of raising) twin = twin.replace(new RegExp(`\\b${r}\\(`, "g"), `${safeName(r)}(`);
    return [twin];
  });
}
