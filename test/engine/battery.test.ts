import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DUCKDB_PRELUDE } from "../../ts/engine/dialect/prelude.ts";
import { type GoldenError, SIGNATURES, type Signature } from "../../ts/engine/dialect/signatures.ts";
import { supportedSignaturesMarkdown } from "../../ts/engine/dialect/supported-doc.ts";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import type { StatementTranslator } from "../../ts/engine/statement-translator.ts";
import { translatingWarehouse } from "./helpers.ts";

/**
 * The golden battery: every case of the supported-signature table, in BigQuery SQL, through the real path (ZetaSQL
 * analysis → allowlist → rewrite → transpiler → DuckDB with the prelude), compared with BigQuery's documented
 * result. Each case must also use the signature it belongs to, so every entry is proven by its own cases.
 */
let warehouse: DuckDbWarehouse;
let translator: StatementTranslator;
beforeAll(async () => {
  ({ warehouse, translator } = await translatingWarehouse());
}, 60_000);
afterAll(async () => {
  await translator?.close();
  await warehouse?.close();
});

const isError = (v: unknown): v is GoldenError => typeof v === "object" && v !== null && "error" in v;
/** DuckDB's JSON rows carry 64-bit integers beyond 2^53 and infinities as strings. */
const normalise = (v: unknown) =>
  typeof v === "bigint" ? String(v) : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : v;

describe("golden battery", () => {
  for (const [i, entry] of SIGNATURES.entries()) {
    for (const c of entry.cases) {
      it(`${entry.construct} [${i}]: ${c.sql}`, async () => {
        const sql = c.query ? c.sql : `SELECT ${c.sql} AS v ${c.from ?? ""}`;
        const { duckdb, used } = await translator.translate(sql, { action: "battery", file: "signatures.ts" });
        expect(used, `the case must exercise its own signature (${entry.pattern})`).toContain(entry as Signature);
        expect(duckdb).toHaveLength(1);
        const run = warehouse.query(duckdb[0]!);
        if (isError(c.bigquery)) {
          await expect(run).rejects.toThrow(c.bigquery.error);
          return;
        }
        const rows = await run;
        const value = c.query ? rows.map((r) => r.v) : rows[0]!.v;
        expect(value, duckdb[0]).toEqual(Array.isArray(c.bigquery) ? c.bigquery.map(normalise) : normalise(c.bigquery));
      });
    }
  }

  it("docs/engine.md lists exactly this table (npm run docs:engine)", () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, "../../docs/engine.md"), "utf8");
    expect(doc).toContain(supportedSignaturesMarkdown());
  });

  it("every signature that is not a query shape has at least one golden case", () => {
    const missing = SIGNATURES.filter(
      (s) => s.cases.length === 0 && !s.pattern.startsWith("NODE(") && !s.pattern.startsWith("normalize("),
    );
    expect(missing.map((s) => s.pattern)).toEqual([]);
  });
});

describe("the session is BigQuery's whatever the machine's time zone", () => {
  it("gives the same dates and hours under TZ=America/Los_Angeles as under UTC", async () => {
    const sql =
      "SELECT CAST(DATE(TIMESTAMP '2024-01-02 03:00:00+00') AS STRING) AS d, EXTRACT(HOUR FROM TIMESTAMP '2024-01-02 03:00:00+00') AS h";
    const { duckdb } = await translator.translate(sql, { action: "tz", file: "battery" });
    const results: unknown[] = [];
    const saved = process.env.TZ;
    try {
      for (const tz of ["America/Los_Angeles", "UTC"]) {
        process.env.TZ = tz;
        const w = await DuckDbWarehouse.open(":memory:");
        try {
          for (const statement of DUCKDB_PRELUDE) await w.execute(statement);
          results.push(await w.query(duckdb[0]!));
        } finally {
          await w.close();
        }
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(results).toEqual([[{ d: "2024-01-02", h: 3 }], [{ d: "2024-01-02", h: 3 }]]);
  });
});
