/**
 * Entity-scoped runs. The orchestration glue (ts/orchestration/entity-scope.ts) writes the changed players/teams to
 * the control table nba_processing.entity_scope under a scope id, and compiles with the var `scope_id`. A model
 * filters its output rows with `${scope.inScope("player_lookup", "player", ref("entity_scope"))}`: with no scope_id
 * (a full run) this is TRUE; with one, only the listed entities are recomputed. The entity list itself never
 * reaches the SQL text: only the scope id does, and it must be a UUID.
 */

const ENTITY_TYPES = ["player", "team"];

function scopeId() {
  const vars = (typeof dataform !== "undefined" && dataform.projectConfig && dataform.projectConfig.vars) || {};
  const id = vars.scope_id || "";
  if (id === "") return null;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
    throw new Error(`vars.scope_id must be a UUID, got "${id}"`);
  }
  return id;
}

/** `column IN (the scope's entities of this type)`, or TRUE when the run has no scope. */
function inScope(column, entityType, scopeTable) {
  if (!ENTITY_TYPES.includes(entityType))
    throw new Error(`scope.inScope: entity type must be one of ${ENTITY_TYPES.join(", ")}`);
  const id = scopeId();
  if (id === null) return "TRUE";
  return `${column} IN (SELECT entity_id FROM ${scopeTable} WHERE scope_id = '${id}' AND entity_type = '${entityType}')`;
}

module.exports = { inScope, scopeId, ENTITY_TYPES };
