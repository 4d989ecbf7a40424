import { formatType, parseBigQueryType, type TypeProto } from "./bigquery-types.ts";
import type { LocalScope } from "./catalog.ts";
import type { CheckRun, Part } from "./check-run.ts";
import { PartFailed } from "./check-run.ts";
import { positionOf, slice } from "./locations.ts";
import { statementOutput } from "./resolved.ts";
import { parseDeclare, parseSet, type ScriptStatement } from "./script.ts";

/**
 * BigQuery scripting the bundled analyzer cannot parse, emulated (docs/check.md): DECLARE becomes a typed
 * constant of the action's scope, SET is analysed as an assignment, script blocks are reported.
 */

/** Rewords the array-literal coercion error of the DECLARE/SET wrapper as an assignment error. */
function coercionMessage(what: string): (message: string) => string {
  return (message) => {
    const m = /^Array element type (.+) does not coerce to (.+)$/.exec(message);
    return m ? `${what} of type ${m[1]} cannot be assigned to a variable of type ${m[2]}` : message;
  };
}

export async function emulateScriptStatement(
  run: CheckRun,
  part: Part,
  statement: ScriptStatement,
  scope: LocalScope,
  n: number | undefined,
): Promise<void> {
  const sql = part.sql;
  switch (statement.kind) {
    case "declare": {
      let declare;
      try {
        declare = parseDeclare(statement, sql);
      } catch (e) {
        run.fail(part, (e as Error).message, positionOf(sql, statement.start), n);
        throw new PartFailed();
      }
      let type: TypeProto | undefined;
      if (declare.typeText) {
        try {
          type = parseBigQueryType(declare.typeText);
        } catch (e) {
          run.fail(part, `DECLARE: ${(e as Error).message}`, positionOf(sql, statement.start), n);
          throw new PartFailed();
        }
      }
      if (declare.defaultStart !== undefined) {
        const { defaultStart: a, defaultEnd: b } = declare;
        // A typed DEFAULT must coerce to the type the way an assignment does; an ARRAY literal of that type
        // applies the same coercion rules (arrays of arrays do not exist, so ARRAY types compare exactly).
        const typed = type && type.typeKind !== "TYPE_ARRAY";
        const text = typed
          ? slice(sql, a, b!, `SELECT ARRAY<${declare.typeText}>[(`, ")]")
          : slice(sql, a, b!, "SELECT (", ")");
        const resolved = await run.analyze(
          part,
          text,
          scope,
          n,
          coercionMessage(`DECLARE ${declare.names.join(", ")}: DEFAULT value`),
        );
        const valueType = statementOutput(resolved).columns?.[0]?.type;
        if (!type) type = valueType;
        else if (!typed && valueType && formatType(valueType) !== formatType(type)) {
          run.fail(
            part,
            `DECLARE: DEFAULT value of type ${formatType(valueType)} does not match the declared type ${formatType(type)}`,
            positionOf(sql, a),
            n,
          );
          throw new PartFailed();
        }
      }
      for (const name of declare.names) scope.constants.set(name, type!);
      return;
    }
    case "set": {
      let set;
      try {
        set = parseSet(statement);
      } catch (e) {
        run.fail(part, (e as Error).message, positionOf(sql, statement.start), n);
        throw new PartFailed();
      }
      for (const target of set.targets) {
        if (!target.startsWith("@@") && !scope.constants.has(target)) {
          run.fail(
            part,
            `SET: unrecognized variable ${target} (DECLARE it first in the same action)`,
            positionOf(sql, statement.start),
            n,
          );
          throw new PartFailed();
        }
      }
      const only =
        set.targets.length === 1 && !set.targets[0]!.startsWith("@@")
          ? scope.constants.get(set.targets[0]!)
          : undefined;
      const text =
        only && only.typeKind !== "TYPE_ARRAY"
          ? slice(sql, set.exprStart, set.exprEnd, `SELECT ARRAY<${formatType(only)}>[(`, ")]")
          : slice(sql, set.exprStart, set.exprEnd, "SELECT (", ")");
      await run.analyze(part, text, scope, n, coercionMessage(`SET ${set.targets.join(", ")}: value`));
      return;
    }
    case "compound": {
      const keyword = statement.tokens[0]?.text.toUpperCase() ?? "";
      run.fail(
        part,
        `BigQuery script block (${keyword} …) cannot be checked: the bundled ZetaSQL analyzer resolves single statements only. ` +
          "Keep scripting out of SQLX (DESIGN.md §4) or move the logic into set-based SQL.",
        positionOf(sql, statement.start),
        n,
        "BigQuery accepts script blocks (IF, LOOP, WHILE, FOR, BEGIN … END …) but the bundled analyzer cannot resolve them.",
      );
      throw new PartFailed();
    }
    case "sql":
      return;
  }
}
