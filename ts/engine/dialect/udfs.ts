import { BIGINT, type DuckDBConnection, DuckDBScalarFunction, VARCHAR } from "@duckdb/node-api";
import { bigqueryFingerprint } from "farmhash-modern";

/**
 * BigQuery functions DuckDB cannot express as a macro, as scalar functions registered in the database (visible to
 * every connection of it): FARM_FINGERPRINT is FarmHash's Fingerprint64 of the UTF-8 bytes, as a signed INT64.
 * NULL in gives NULL out.
 */
export function registerBigQueryFunctions(connection: DuckDBConnection): void {
  connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: "nbap_farm_fingerprint",
      returnType: BIGINT,
      parameterTypes: [VARCHAR],
      mainFunction: (_info, input, output) => {
        const strings = input.getColumnVector(0);
        for (let row = 0; row < input.rowCount; row++) {
          const value = strings.getItem(row) as string | null;
          output.setItem(row, value === null ? null : bigqueryFingerprint(value));
        }
        output.flush();
      },
    }),
  );
}
