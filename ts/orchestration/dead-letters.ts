import type { TableSpec, Warehouse } from "../engine/warehouse.ts";
import { processingTableSpec } from "./warehouse-tables.ts";

/** Rejected messages, kept whole with the reason (`<prefix>nba_processing.dead_letters`): never silently dropped. */
export class DeadLetters {
  private readonly spec: TableSpec;

  constructor(
    private readonly warehouse: Warehouse,
    prefix: string,
  ) {
    this.spec = processingTableSpec(prefix, "dead_letters");
  }

  async keep(topic: string, messageId: string | null, payload: string, error: string): Promise<void> {
    const row = { received_at: new Date().toISOString(), topic, message_id: messageId, payload, error };
    await this.warehouse.loadRows(this.spec, [row], { labels: { action: "dead_letters" } });
  }
}
