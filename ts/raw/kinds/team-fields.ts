import type { RowContext } from "../payload-kind.ts";

/** The canonical tricode for a (team id, tricode) pair of NBA-sourced columns; rejects unknown or disagreeing pairs. */
export function tricodeForIdAndCode(
  context: RowContext,
  fields: { idField: string; codeField: string },
  teamId: string,
  code: string,
): string | null {
  const byCode = context.teams.byTricode(code);
  const byId = context.teams.byTeamId(teamId);
  if (!byCode)
    context.reject(fields.codeField, `unknown team ${JSON.stringify(code)} (not a tricode in team_crosswalk)`);
  if (!byId) context.reject(fields.idField, `unknown team id ${JSON.stringify(teamId)} (not in team_crosswalk)`);
  if (byCode && byId && byCode !== byId) {
    context.reject(fields.codeField, `team ${JSON.stringify(code)} does not match team id ${teamId} (${byId})`);
  }
  return byCode ?? null;
}

/** The canonical tricode for a team name or nickname; rejects unknown names. */
export function tricodeForName(context: RowContext, field: string, name: string): string | null {
  const tricode = context.teams.byName(name);
  if (!tricode)
    context.reject(field, `unknown team ${JSON.stringify(name)} (no team name or nickname in team_crosswalk)`);
  return tricode ?? null;
}
