import type { Warehouse } from "../engine/warehouse.ts";
import type { EntityScope } from "./step.ts";
import { processingTable } from "./warehouse-tables.ts";

/**
 * Writes a scoped run's entities to the control table nba_processing.entity_scope under the run's scope id (the
 * models read it through includes/scope.js), and removes them after the run. The entities are bound as one JSON
 * parameter: never spliced into SQL.
 */
export class EntityScopeTable {
  private readonly table: string;

  constructor(
    private readonly warehouse: Warehouse,
    prefix: string,
  ) {
    this.table = processingTable(prefix, "entity_scope");
  }

  async write(scopeId: string, scope: EntityScope): Promise<void> {
    const rows = [...scope.players.map((id) => ({ t: "player", id })), ...scope.teams.map((id) => ({ t: "team", id }))];
    await this.warehouse.transaction(async (s) => {
      await s.execute(`DELETE FROM ${this.table} WHERE scope_id = $scope`, { params: { scope: scopeId } });
      if (rows.length === 0) return;
      await s.execute(
        `INSERT INTO ${this.table} SELECT $scope, r.t, r.id FROM (SELECT unnest(from_json($rows::JSON, '[{"t":"VARCHAR","id":"VARCHAR"}]'), recursive := true)) AS r`,
        { params: { scope: scopeId, rows: JSON.stringify(rows) } },
      );
    });
  }

  async clear(scopeId: string): Promise<void> {
    await this.warehouse.execute(`DELETE FROM ${this.table} WHERE scope_id = $scope`, { params: { scope: scopeId } });
  }
}
