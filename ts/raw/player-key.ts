/**
 * The one player-name normalisation rule, used for every source (box scores, shot zones, props, injuries, scrapers):
 *   1. Unicode NFKD, then drop combining marks (accents/diacritics: "Jokić" → "jokic");
 *   2. lower-case, and spell out the few Latin letters NFKD does not decompose (ø→o, ł→l, đ→d, æ→ae, œ→oe, ß→ss, ı→i);
 *   3. delete . ' ’ ` and , (so "D'Angelo" → "dangelo", "P.J." → "pj");
 *   4. every other character outside [a-z0-9] (hyphen, underscore, bullet, parentheses …) becomes a space;
 *   5. split on whitespace and drop the generational suffixes jr, sr, ii, iii, iv, v when they are not the first token;
 *   6. join the remaining tokens with one space.
 * "Kenyon Martin Jr." → "kenyon martin", "Shai Gilgeous-Alexander" → "shai gilgeous alexander",
 * "• Montrezl Harrell " → "montrezl harrell". Spellings this rule cannot reconcile go through the alias table
 * (nba_raw.player_aliases), whose keys are normalised with this same function.
 */
const SUFFIX_TOKENS = new Set(["jr", "sr", "ii", "iii", "iv", "v"]);
const UNDECOMPOSED_LETTERS: Record<string, string> = { ø: "o", ł: "l", đ: "d", æ: "ae", œ: "oe", ß: "ss", ı: "i" };

export function normalizePlayerName(name: string): string {
  const tokens = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[øłđæœßı]/g, (letter) => UNDECOMPOSED_LETTERS[letter] ?? letter)
    .replace(/[.'’`,]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter((token) => token !== "");
  return tokens.filter((token, i) => i === 0 || !SUFFIX_TOKENS.has(token)).join(" ");
}
