/**
 * BigQuery functions the bundled analyzer (ZetaSQL in @fivetrandevelopers/zetasql 1.13.0) does not know yet,
 * declared in the catalog with BigQuery's signatures so queries using them are still type-checked. Each entry
 * is listed in docs/check.md. Add one only with its documented BigQuery signature.
 */

const any1 = { kind: "ARG_TYPE_ANY_1", numOccurrences: 1 };
const any2 = { kind: "ARG_TYPE_ANY_2", numOccurrences: 1 };

function aggregate(name: string, argument: object[], returnType: object) {
  return {
    namePath: [name],
    group: "BigQuery",
    mode: "AGGREGATE",
    signature: [{ argument, returnType, contextId: 0 }],
    options: { supportsOverClause: true, windowOrderingSupport: "ORDER_OPTIONAL", supportsWindowFraming: true },
  };
}

/** FunctionProto objects (proto-loader form) for SimpleCatalogProto.custom_function. */
export const BIGQUERY_EXTRA_FUNCTIONS = [
  // MAX_BY(x, y) / MIN_BY(x, y): x from the row with the max/min y (BigQuery aliases of ANY_VALUE … HAVING).
  aggregate("MAX_BY", [any1, any2], any1),
  aggregate("MIN_BY", [any1, any2], any1),
];
