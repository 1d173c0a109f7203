import { Injectable } from '@nestjs/common';
import { HotPool } from '../../database/database.module';

export interface StoreWebhook {
  integrationId: string;
  /** Schema-qualified name of the integration's receipt sequence. */
  sequence: string;
  kind: string;
  entityKey: string;
  deliveryKey: string;
  eventId: string;
  eventType: string;
  receivedAt: string;
  dedupeHorizonSeconds: number;
  /** The event JSON is `${bodyHead}${receiptSeq}${bodyTail}`: the sequence is only known inside the statement. */
  bodyHead: string;
  bodyTail: string;
  headers: string;
}

/** Thrown when PostgreSQL cannot store the webhook (down, timeout): the caller answers 503. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`webhook store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StoreUnavailableError';
  }
}

/*
 * One statement = one implicit transaction = one round trip: dedupe against the latest receipt about
 * the same entity, take the integration's next receipt number (nextval: no row lock, so concurrent
 * webhooks of one integration never queue behind each other's commit), store the webhook and its
 * outbox row. No pg_notify here: NOTIFY serialises commits; the caller wakes its in-process relay.
 */
const STORE_SQL = `
WITH latest AS (
  SELECT delivery_key, received_at FROM gateway.received_webhooks
  WHERE integration_id = $1 AND entity_key = $3
  ORDER BY receipt_seq DESC LIMIT 1
), seq AS (
  SELECT nextval($2::regclass) AS n
  WHERE NOT EXISTS (
    SELECT 1 FROM latest WHERE delivery_key = $4 AND received_at > $6::timestamptz - make_interval(secs => $7::double precision)
  )
), hook AS (
  INSERT INTO gateway.received_webhooks (integration_id, receipt_seq, kind, entity_key, delivery_key, event_id, received_at, body)
  SELECT $1, n, $5, $3, $4, $8::uuid, $6::timestamptz, $9::text || n::text || $10::text FROM seq
  RETURNING receipt_seq, event_id, body
), out AS (
  INSERT INTO gateway.outbox (message_id, type, routing_key, body, headers)
  SELECT event_id::text, $11, $11, body, $12::jsonb FROM hook
)
SELECT receipt_seq FROM hook`;

@Injectable()
export class WebhookStore {
  constructor(private readonly hot: HotPool) {}

  /** The receipt number, or null when this delivery repeats the latest one about its entity (nothing stored). */
  async store(w: StoreWebhook): Promise<number | null> {
    let rows: { receipt_seq: string }[];
    try {
      const result = await this.hot.pool.query<{ receipt_seq: string }>({
        name: 'gateway-store-webhook',
        text: STORE_SQL,
        values: [
          w.integrationId,
          w.sequence,
          w.entityKey,
          w.deliveryKey,
          w.kind,
          w.receivedAt,
          w.dedupeHorizonSeconds,
          w.eventId,
          w.bodyHead,
          w.bodyTail,
          w.eventType,
          w.headers,
        ],
      });
      rows = result.rows;
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
    return rows.length ? Number(rows[0].receipt_seq) : null;
  }
}
