import type { EntityManager } from 'typeorm';
import { table } from './schema';

/** Records handled messages so a redelivered one has no second effect. Use in the effect's transaction. */
export class Inbox {
  constructor(private readonly schema: string) {}

  /** True the first time (consumer, messageId) is claimed in a committed transaction; false after. */
  async claim(manager: EntityManager, consumer: string, messageId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO ${table(this.schema, 'inbox')} (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
      [consumer, messageId],
    );
    return rows.length === 1;
  }
}
