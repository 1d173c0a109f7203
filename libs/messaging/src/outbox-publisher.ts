import { eventClassFor, validateEvent, type IntegrationEvent } from '@app/contracts';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from './pg';
import { outboxChannel, table } from './schema';
import { installValidationMetadataCache } from './validation-cache';
import { HEADERS, nextTraceparent } from './wire';

installValidationMetadataCache();

/**
 * Writes events into the service's outbox inside the caller's transaction; the OutboxRelay publishes
 * them after commit. Never publish to the broker directly from a transaction (dual write).
 */
export class OutboxPublisher {
  private readonly insert: { name: string; text: string };

  constructor(private readonly schema: string) {
    // One statement, whatever the number of events: the rows (arrays, so the text never changes and
    // stays a prepared statement) and the NOTIFY that wakes relays once the transaction commits
    // (PostgreSQL folds identical notifications of one transaction into one).
    this.insert = {
      name: `outbox_add:${schema}`,
      text: `WITH added AS (
        INSERT INTO ${table(schema, 'outbox')} (message_id, type, routing_key, body, headers)
        SELECT id, type, type, body, headers FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) AS r(id, type, body, headers)
      ) SELECT pg_notify($5, '')`,
    };
  }

  async add(manager: EntityManager, ...events: IntegrationEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxPublisher.add must run inside a transaction (dataSource.transaction(m => ...))');
    }
    const ids: string[] = [];
    const types: string[] = [];
    const bodies: string[] = [];
    const headers: string[] = [];
    for (const event of events) {
      const cls = eventClassFor(event.type);
      if (!cls) throw new Error(`Event type ${event.type} is not registered (registerEvent)`);
      // Validate exactly what goes on the wire (the JSON form), and publish what passed validation.
      const valid = await validateEvent(cls, JSON.parse(JSON.stringify(event)));
      ids.push(valid.id);
      types.push(valid.type);
      bodies.push(JSON.stringify(valid));
      headers.push(JSON.stringify({ [HEADERS.traceparent]: nextTraceparent(), [HEADERS.tenant]: valid.tenantId }));
    }
    await preparedQuery(manager, this.insert.name, this.insert.text, [ids, types, bodies, headers, outboxChannel(this.schema)]);
  }
}
