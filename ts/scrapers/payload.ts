import type { z } from "zod";
import type { PayloadCheck, PayloadSpec, PayloadSummary } from "./types.ts";

/** Payload shapes: JSON checked by a zod schema of the real API's shape, or a PDF checked by its signature. */
export function jsonPayload<T>(schema: z.ZodType<T>, summarize: (value: T) => PayloadSummary): PayloadSpec {
  return {
    format: "json",
    extension: ".json",
    contentType: "application/json",
    check(bytes: Uint8Array): PayloadCheck {
      let value: unknown;
      try {
        value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
      } catch (error) {
        const head = new TextDecoder().decode(bytes.subarray(0, 60)).replace(/\s+/g, " ");
        return { ok: false, error: `body is not JSON (${(error as Error).message}); starts with "${head}"` };
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success) return { ok: false, error: `unexpected JSON shape: ${formatIssues(parsed.error)}` };
      return { ok: true, value: parsed.data };
    },
    summarize: (value) => summarize(value as T),
  };
}

export function pdfPayload(): PayloadSpec {
  return {
    format: "pdf",
    extension: ".pdf",
    contentType: "application/pdf",
    check(bytes: Uint8Array): PayloadCheck {
      const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
      const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.byteLength - 1024))).toString("latin1");
      if (head.toLowerCase().includes("not accessible in this region")) {
        return { ok: false, error: "body says the document is not accessible in this region" };
      }
      if (!head.includes("%PDF-")) {
        return {
          ok: false,
          error: `body is not a PDF (no %PDF- header); starts with "${head.slice(0, 40).replace(/\s+/g, " ")}"`,
        };
      }
      if (!tail.includes("%%EOF")) return { ok: false, error: "PDF is truncated (no %%EOF trailer)" };
      return { ok: true, value: undefined };
    },
    summarize: () => ({ records: 1 }),
  };
}

export function formatIssues(error: z.ZodError, max = 5): string {
  const issues = error.issues.slice(0, max).map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`);
  const more = error.issues.length > max ? ` (+${error.issues.length - max} more)` : "";
  return issues.join("; ") + more;
}
