import fs from "node:fs";
import path from "node:path";
import { DOC_BEGIN, DOC_END, supportedSignaturesMarkdown } from "../ts/engine/dialect/supported-doc.ts";

/** Rewrites the supported-signature table of docs/engine.md from the table in ts/engine/dialect/signatures.ts. */
const file = path.resolve(import.meta.dirname, "../docs/engine.md");
const text = fs.readFileSync(file, "utf8");
const start = text.indexOf(DOC_BEGIN);
const end = text.indexOf(DOC_END);
if (start === -1 || end === -1) throw new Error(`${file} has no ${DOC_BEGIN} … ${DOC_END} block`);
fs.writeFileSync(file, text.slice(0, start) + supportedSignaturesMarkdown() + text.slice(end + DOC_END.length));
