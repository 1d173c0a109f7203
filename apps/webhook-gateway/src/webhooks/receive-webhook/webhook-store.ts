import { Injectable } from '@nestjs/common';
import { metricsRegistry } from '@app/observability';
import { Histogram } from 'prom-client';
import { WebhookGatewayEnv } from '../../config';
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
 * Group commit: webhooks that arrive while statements are in flight are stored together by ONE
 * statement = one implicit transaction = one round trip and one WAL flush for the whole batch. Per
 * row, in arrival order: dedupe against the latest receipt about the same entity, take the
 * integration's next receipt number (nextval: no row lock, so concurrent webhooks of one integration
 * never queue behind each other's commit), store the webhook and its outbox row. Webhooks about the
 * same entity of the same integration are never in flight together (a later one waits for the batch
 * holding the earlier one to commit), so the dedupe lookup always sees the previous delivery and the
 * entity's receipt numbers increase in commit order. Volatile target-list
 * expressions are evaluated after ORDER BY, so numbers follow arrival order inside the batch.
 * No pg_notify here: NOTIFY serialises commits; the caller wakes its in-process relay.
 */
const STORE_SQL = `
WITH input AS (
  SELECT r->>0 AS integration_id, r->>1 AS sequence, r->>2 AS entity_key, r->>3 AS delivery_key, r->>4 AS kind,
         (r->>5)::timestamptz AS received_at, (r->>6)::double precision AS horizon, (r->>7)::uuid AS event_id,
         r->>8 AS head, r->>9 AS tail, r->>10 AS type, r->>11 AS headers, ord
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(r, ord)
), fresh AS (
  SELECT i.*, nextval(i.sequence::regclass) AS n FROM input i
  WHERE NOT EXISTS (
    SELECT 1 FROM (
      SELECT w.delivery_key, w.received_at FROM gateway.received_webhooks w
      WHERE w.integration_id = i.integration_id AND w.entity_key = i.entity_key
      ORDER BY w.receipt_seq DESC LIMIT 1
    ) latest
    WHERE latest.delivery_key = i.delivery_key AND latest.received_at > i.received_at - make_interval(secs => i.horizon)
  )
  ORDER BY i.ord
), hook AS (
  INSERT INTO gateway.received_webhooks (integration_id, receipt_seq, kind, entity_key, delivery_key, event_id, received_at, body)
  SELECT integration_id, n, kind, entity_key, delivery_key, event_id, received_at, head || n::text || tail FROM fresh ORDER BY ord
), out AS (
  INSERT INTO gateway.outbox (message_id, type, routing_key, body, headers)
  SELECT event_id::text, type, type, head || n::text || tail, headers::jsonb FROM fresh ORDER BY ord
)
SELECT ord, n FROM fresh`;

const MAX_BATCH = 256;

export const storeBatchSize = new Histogram({
  name: 'gateway_store_batch_size',
  help: 'Webhooks stored by one statement (group commit)',
  buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
  registers: [metricsRegistry],
});

interface Pending {
  w: StoreWebhook;
  resolve: (seq: number | null) => void;
  reject: (error: unknown) => void;
}

@Injectable()
export class WebhookStore {
  private queue: Pending[] = [];
  private inFlight = 0;
  /** Entities of the batches in flight. */
  private readonly busy = new Set<string>();

  /** Statements in flight at once; webhooks arriving meanwhile wait and go together in the next batch. */
  private readonly maxInFlight: number;

  constructor(
    private readonly hot: HotPool,
    env: WebhookGatewayEnv,
  ) {
    this.maxInFlight = env.WEBHOOK_STORE_IN_FLIGHT;
  }

  /**
   * The receipt number, or null when this delivery repeats the latest one about its entity (nothing
   * stored). Resolves only after the batch holding it committed.
   */
  store(w: StoreWebhook): Promise<number | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ w, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const entities = this.takeBatch();
      if (entities.length === 0) return; // everything waiting is about an entity in flight
      this.inFlight++;
      void this.flush(entities.map((e) => e.pending)).finally(() => {
        for (const e of entities) this.busy.delete(e.entity);
        this.inFlight--;
        this.pump();
      });
    }
  }

  /** Up to MAX_BATCH in arrival order, at most one per entity and none of an entity in flight; the rest keep their order. */
  private takeBatch(): { pending: Pending; entity: string }[] {
    const batch: { pending: Pending; entity: string }[] = [];
    const rest: Pending[] = [];
    for (const p of this.queue) {
      const entity = `${p.w.integrationId}\n${p.w.entityKey}`;
      if (batch.length >= MAX_BATCH || this.busy.has(entity)) {
        rest.push(p);
        continue;
      }
      this.busy.add(entity);
      batch.push({ pending: p, entity });
    }
    this.queue = rest;
    return batch;
  }

  private async flush(batch: Pending[]): Promise<void> {
    storeBatchSize.observe(batch.length);
    // One JSON parameter (rows as arrays): JSON.stringify is native, pg's array literals are built in JS.
    const input = JSON.stringify(
      batch.map(({ w }) => [w.integrationId, w.sequence, w.entityKey, w.deliveryKey, w.kind, w.receivedAt, w.dedupeHorizonSeconds, w.eventId, w.bodyHead, w.bodyTail, w.eventType, w.headers]),
    );
    let rows: { ord: string; n: string }[];
    try {
      rows = (await this.hot.pool.query<{ ord: string; n: string }>({ name: 'gateway-store-webhooks', text: STORE_SQL, values: [input] })).rows;
    } catch (error) {
      const unavailable = new StoreUnavailableError(error);
      for (const p of batch) p.reject(unavailable);
      return;
    }
    const seqs = new Array<number | null>(batch.length).fill(null);
    for (const r of rows) seqs[Number(r.ord) - 1] = Number(r.n);
    batch.forEach((p, i) => p.resolve(seqs[i]));
  }
}
