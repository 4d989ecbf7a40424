/**
 * Valid BigQuery that the bundled analyzer (ZetaSQL shipped in @fivetrandevelopers/zetasql 1.13.0) rejects.
 * A failure matching one of these is still a failure (the statement was not proven valid), but the report says
 * why and what to do. docs/check.md lists every case and how it is handled.
 */
const GAPS: { test: (message: string, sql: string) => boolean; gap: string }[] = [
  {
    test: (m) => /GROUP BY ALL is not supported/i.test(m),
    gap: "GROUP BY ALL is BigQuery syntax newer than the bundled analyzer: list the grouping columns explicitly.",
  },
  {
    test: (m, sql) => /Syntax error/i.test(m) && /\|>/.test(sql),
    gap: "pipe syntax (|>) is BigQuery syntax newer than the bundled analyzer: write the query in standard form.",
  },
  {
    test: (m) => /(Function|Table-valued function) not found: (ML|AI|VECTOR_SEARCH|OBJ)\b/i.test(m),
    gap: "BigQuery ML / AI / object table functions are not in the bundled analyzer: keep them out of SQLX models.",
  },
];

export function knownAnalyzerGap(message: string, sql = ""): string | undefined {
  return GAPS.find((g) => g.test(message, sql))?.gap;
}
