import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import type { StatementTranslator } from "../../ts/engine/statement-translator.ts";
import { toDuckDb } from "../../ts/engine/to-duckdb.ts";
import { translatingWarehouse } from "./helpers.ts";

/** Statements far longer than hand-written SQL: generated UNION ALL chains, huge expressions. */
let warehouse: DuckDbWarehouse;
let translator: StatementTranslator;
beforeAll(async () => {
  ({ warehouse, translator } = await translatingWarehouse());
}, 60_000);
afterAll(async () => {
  await translator?.close();
  await warehouse?.close();
});

const unionOf = (n: number) =>
  Array.from({ length: n }, (_, i) => `SELECT ${i + 1} AS v, 'b${i + 1}' AS label`).join("\nUNION ALL\n");

describe("long statements", () => {
  for (const n of [300, 2200]) {
    it(`a UNION ALL of ${n} branches runs with every row`, async () => {
      const sql = `SELECT COUNT(*) AS n, SUM(v) AS total, MAX(label) AS last FROM (\n${unionOf(n)}\n)`;
      const { duckdb } = await translator.translate(sql, { action: "long_union", file: "test" });
      // 1 + 2 + … + n = n(n+1)/2; the greatest label is the greatest string, 'b999' (300: 'b99')
      expect(await warehouse.query(duckdb[0]!)).toEqual([
        { n, total: (n * (n + 1)) / 2, last: n === 300 ? "b99" : "b999" },
      ]);
    }, 120_000);
  }

  it("a statement too deep for the transpiler is refused with a clear error, never run", () => {
    const sql = `SELECT ${Array.from({ length: 30_000 }, () => "x").join(" + ")} AS v FROM t`;
    expect(() => toDuckDb(sql, { action: "deep", file: "deep.sqlx" })).toThrow(
      /action deep \(deep\.sqlx\): cannot translate SQL.*nests too deeply for the transpiler/,
    );
  });
});
