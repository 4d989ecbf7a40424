import type { TableSpec, Warehouse } from "../engine/warehouse.ts";
import type { EntityScope } from "./step.ts";
import { processingTableSpec } from "./warehouse-tables.ts";

/**
 * Writes a scoped run's entities to the control table nba_processing.entity_scope under the run's scope id (the
 * models read it through includes/scope.js), and removes them after the run. The entities travel as loaded rows:
 * never spliced into SQL.
 */
export class EntityScopeTable {
  private readonly spec: TableSpec;
  private readonly table: string;

  constructor(
    private readonly warehouse: Warehouse,
    prefix: string,
  ) {
    this.spec = processingTableSpec(prefix, "entity_scope");
    this.table = warehouse.tablePath(this.spec.schema, this.spec.name);
  }

  /** A scope id is a fresh UUID per run, so clearing it first only matters for a rerun with the same id. */
  async write(scopeId: string, scope: EntityScope): Promise<void> {
    await this.clear(scopeId);
    const rows = [
      ...scope.players.map((id) => ({ scope_id: scopeId, entity_type: "player", entity_id: id })),
      ...scope.teams.map((id) => ({ scope_id: scopeId, entity_type: "team", entity_id: id })),
    ];
    await this.warehouse.loadRows(this.spec, rows, { labels: { action: "entity_scope" } });
  }

  async clear(scopeId: string): Promise<void> {
    await this.warehouse.executeGoogleSql(`DELETE FROM ${this.table} WHERE scope_id = @scope`, {
      params: { scope: scopeId },
      labels: { action: "entity_scope" },
    });
  }
}
