/** HTML building blocks of the report: escaping, tables, the page with its table of contents and style. */

export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

export interface Column<T> {
  header: string;
  cell: (row: T) => string | number;
  /** Right-aligned tabular figures. */
  numeric?: boolean;
}

/** A table of rows; cells are escaped. */
export function htmlTable<T>(rows: T[], columns: Column<T>[], caption?: string): string {
  const head = columns
    .map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ""}>${escapeHtml(c.header)}</th>`)
    .join("");
  const body = rows
    .map(
      (r) =>
        `<tr>${columns.map((c) => `<td${c.numeric ? ' class="num"' : ""}>${escapeHtml(c.cell(r))}</td>`).join("")}</tr>`,
    )
    .join("\n");
  return `<div class="table-wrap"><table>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ""}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

export const heading = (level: 3 | 4, text: string, id?: string): string =>
  `<h${level}${id ? ` id="${escapeHtml(id)}"` : ""}>${escapeHtml(text)}</h${level}>`;

export const paragraph = (text: string): string => `<p>${escapeHtml(text)}</p>`;

export interface PageSection {
  id: string;
  title: string;
  html: string;
}

const STYLE = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #555; --rule: #d0d0d0; --band: #f4f6f8; --accent: #0b5394; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
header, main { max-width: 1080px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; border-bottom: 1px solid var(--rule); }
h1 { font-size: 1.7rem; margin: 0 0 4px; }
h2 { font-size: 1.35rem; margin: 40px 0 8px; padding-top: 8px; border-top: 3px solid var(--accent); }
h3 { font-size: 1.1rem; margin: 28px 0 6px; }
h4 { font-size: 1rem; margin: 20px 0 6px; }
.meta { color: var(--muted); margin: 0 0 12px; }
nav.toc { margin: 12px 0 16px; }
nav.toc ol { padding-left: 20px; margin: 0; }
nav.toc li { display: inline-block; margin: 0 28px 4px 0; }
nav.toc li::before { content: counter(list-item) ". "; color: var(--muted); }
nav.toc a { color: var(--accent); }
p { max-width: 80ch; }
.note { color: var(--muted); font-size: 0.92rem; }
.table-wrap { overflow-x: auto; margin: 8px 0 16px; }
table { border-collapse: collapse; font-size: 0.9rem; min-width: 40%; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafbfc; }
td code, p code { font-size: 0.85em; }
figure.plot { margin: 12px 0 24px; }
figure.plot figcaption { color: var(--muted); font-size: 0.9rem; margin-bottom: 6px; max-width: 80ch; }
figure.plot svg { max-width: 100%; height: auto; }
.error { color: #8a2b00; font-family: ui-monospace, monospace; font-size: 0.82rem; white-space: pre-wrap; word-break: break-word; }
footer { max-width: 1080px; margin: 40px auto; padding: 0 24px; color: var(--muted); font-size: 0.85rem; }
`;

/** The whole page: one self-contained file, no script, no external resource. */
export function renderPage(title: string, meta: string, sections: PageSection[]): string {
  const toc = sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`).join("");
  const body = sections
    .map(
      (s) =>
        `<section id="${escapeHtml(s.id)}" data-section="${escapeHtml(s.id)}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(meta)}</p>
<nav class="toc" aria-label="Contents"><ol>${toc}</ol></nav>
</header>
<main>
${body}
</main>
<footer>Written by <code>nba-props report</code>. Plots by Observable Plot, rendered to SVG when the report was written: the file needs no script and no network.</footer>
</body>
</html>
`;
}
