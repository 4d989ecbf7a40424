import type { Warehouse } from "../engine/warehouse.ts";
import { processingTable } from "./warehouse-tables.ts";

/** Rejected messages, kept whole with the reason (`<prefix>nba_processing.dead_letters`): never silently dropped. */
export class DeadLetters {
  private readonly table: string;

  constructor(
    private readonly warehouse: Warehouse,
    prefix: string,
  ) {
    this.table = processingTable(prefix, "dead_letters");
  }

  async keep(topic: string, messageId: string | null, payload: string, error: string): Promise<void> {
    await this.warehouse.execute(
      `INSERT INTO ${this.table} VALUES (current_timestamp, $topic, $id, $payload, $error)`,
      {
        params: { topic, id: messageId, payload, error },
      },
    );
  }
}
