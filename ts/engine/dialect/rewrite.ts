/**
 * Rewrites a statement's text at the places BigQuery's analysis located: each rewrite replaces one construct (a
 * byte range of the analysed text) by a template filled with its arguments' texts, themselves rewritten. Offsets
 * are bytes (ZetaSQL's parse locations), so the text is handled as UTF-8.
 */
import type { ByteRange } from "./resolved-constructs.ts";

export interface Rewrite {
  range: ByteRange;
  /** Depth in the resolved tree: with equal ranges (an implicit cast around its argument) the outer one wins. */
  depth: number;
  args: (ByteRange | undefined)[];
  /** args: the arguments' texts; inner: the construct's own text, with the constructs inside it rewritten. */
  render: (args: string[], inner: string) => string;
}

export function applyRewrites(text: string, rewrites: Rewrite[]): string {
  if (rewrites.length === 0) return text;
  const bytes = Buffer.from(text, "utf8");
  const sorted = [...rewrites].sort(
    (a, b) => a.range.start - b.range.start || b.range.end - a.range.end || a.depth - b.depth,
  );
  // Memoised: a construct's text is needed both as its parent's argument and inside the parent's own text.
  const memo = new Map<string, string>();
  const render = (start: number, end: number, minDepth: number): string => {
    const key = `${start}:${end}:${minDepth}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const result = renderUncached(start, end, minDepth);
    memo.set(key, result);
    return result;
  };
  const renderUncached = (start: number, end: number, minDepth: number): string => {
    let out = "";
    let cursor = start;
    for (const r of sorted) {
      if (r.depth <= minDepth || r.range.start < cursor || r.range.end > end || r.range.start < start) continue;
      out += bytes.subarray(cursor, r.range.start).toString("utf8");
      out += r.render(
        r.args.map((a) => (a ? render(a.start, a.end, r.depth) : "")),
        render(r.range.start, r.range.end, r.depth),
      );
      cursor = r.range.end;
    }
    return out + bytes.subarray(cursor, end).toString("utf8");
  };
  return render(0, bytes.length, -1);
}
