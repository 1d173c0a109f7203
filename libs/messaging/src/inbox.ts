import type { EntityManager } from 'typeorm';
import { preparedQuery } from './pg';
import { table } from './schema';

/** Records handled messages so a redelivered one has no second effect. Use in the effect's transaction. */
export class Inbox {
  private readonly claimSql: { name: string; text: string };

  constructor(private readonly schema: string) {
    this.claimSql = {
      name: `inbox_claim:${schema}`,
      text: `INSERT INTO ${table(schema, 'inbox')} (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
    };
  }

  /** True the first time (consumer, messageId) is claimed in a committed transaction; false after. */
  async claim(manager: EntityManager, consumer: string, messageId: string): Promise<boolean> {
    const rows = await preparedQuery(manager, this.claimSql.name, this.claimSql.text, [consumer, messageId]);
    return rows.length === 1;
  }
}
