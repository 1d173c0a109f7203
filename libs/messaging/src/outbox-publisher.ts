import { eventClassFor, validateEvent, type IntegrationEvent } from '@app/contracts';
import type { EntityManager } from 'typeorm';
import { outboxChannel, table } from './schema';
import { HEADERS, nextTraceparent } from './wire';

/**
 * Writes events into the service's outbox inside the caller's transaction; the OutboxRelay publishes
 * them after commit. Never publish to the broker directly from a transaction (dual write).
 */
export class OutboxPublisher {
  constructor(private readonly schema: string) {}

  async add(manager: EntityManager, ...events: IntegrationEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxPublisher.add must run inside a transaction (dataSource.transaction(m => ...))');
    }
    const values: unknown[] = [];
    const rows: string[] = [];
    for (const event of events) {
      const cls = eventClassFor(event.type);
      if (!cls) throw new Error(`Event type ${event.type} is not registered (registerEvent)`);
      // Validate exactly what goes on the wire.
      const valid = await validateEvent(cls, JSON.parse(JSON.stringify(event)));
      const headers = { [HEADERS.traceparent]: nextTraceparent(), [HEADERS.tenant]: valid.tenantId };
      const n = values.length;
      rows.push(`($${n + 1}, $${n + 2}, $${n + 2}, $${n + 3}, $${n + 4})`);
      values.push(valid.id, valid.type, JSON.stringify(valid), JSON.stringify(headers));
    }
    await manager.query(
      `INSERT INTO ${table(this.schema, 'outbox')} (message_id, type, routing_key, body, headers) VALUES ${rows.join(', ')}`,
      values,
    );
    // Delivered at commit only, so the relay wakes when the rows are visible.
    await manager.query('SELECT pg_notify($1, $2)', [outboxChannel(this.schema), '']);
  }
}
