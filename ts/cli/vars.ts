/**
 * `--vars k=v,k2=v2`, repeatable: every occurrence is merged (`--vars a=1 --vars b=2` = `--vars a=1,b=2`); a key
 * given twice with two different values is refused rather than one value silently winning. Values may not contain
 * commas.
 */
export function parseVars(occurrences: string | string[] | undefined): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const value of typeof occurrences === "string" ? [occurrences] : (occurrences ?? [])) {
    for (const pair of value.split(",")) {
      const eq = pair.indexOf("=");
      if (eq <= 0) throw new Error(`--vars: expected key=value, got "${pair}"`);
      const key = pair.slice(0, eq).trim();
      const v = pair.slice(eq + 1).trim();
      if (key in vars && vars[key] !== v) throw new Error(`--vars: ${key} is given twice ("${vars[key]}" and "${v}")`);
      vars[key] = v;
    }
  }
  return vars;
}
