import { QueryFailedError, type EntityManager } from 'typeorm';
import { APPLY_IF_NEWER } from '../../database/catalog.repository';

/** One receipt of a batch, already resolved to the SKU and the balance to write. */
export interface StockBatchRow {
  messageId: string;
  integrationId: string;
  tinyId: string;
  sku: string;
  receiptSeq: number | null;
  observedAt: Date;
  quantity: number;
  stockType: 'F' | 'D';
  deposits: string[];
}

export interface ClaimResult {
  /** First delivery of this message (its inbox row was inserted now). */
  fresh: boolean;
  /** Fresh and newer than what the guard holds: the balance must be written. */
  applies: boolean;
}

export interface WriteResult {
  /** The stock row existed before (previous is its quantity). */
  existed: boolean;
  previous: number | null;
  /** Something in the row changed and it was written. */
  written: boolean;
}

// Locks are taken in (integration, sku) order with the C collation, the same for every batch, so two
// batches in flight (ours or another replica's) wait for each other instead of deadlocking.
const CLAIM = {
  name: 'catalog_stock_batch_claim',
  text: `WITH input AS (
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[])
        WITH ORDINALITY AS i(message_id, integration_id, sku, receipt_seq, observed_at, ord)
    ), inboxed AS (
      INSERT INTO catalog.inbox (consumer, message_id) SELECT $6, message_id FROM input
      ON CONFLICT DO NOTHING RETURNING message_id
    ), claimed AS (
      INSERT INTO catalog.applied AS a (integration_id, sku, field_group, receipt_seq, observed_at, origin)
      SELECT i.integration_id, i.sku, 'stock', i.receipt_seq, i.observed_at, 'webhook'
        FROM input i JOIN inboxed b USING (message_id)
       ORDER BY i.integration_id COLLATE "C", i.sku COLLATE "C"
      ${APPLY_IF_NEWER}
      RETURNING a.integration_id, a.sku
    )
    SELECT i.ord::int AS ord, b.message_id IS NOT NULL AS fresh, c.sku IS NOT NULL AS applies
      FROM input i
      LEFT JOIN inboxed b USING (message_id)
      LEFT JOIN claimed c ON c.integration_id = i.integration_id AND c.sku = i.sku
     ORDER BY i.ord`,
};

// A separate statement after CLAIM (not one more CTE): it must see the stock committed by a batch we
// waited for on the guard's row lock, and a statement's snapshot is taken when it starts.
const WRITE = {
  name: 'catalog_stock_batch_write',
  text: `WITH input AS (
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::numeric[], $5::text[], $6::jsonb[])
        WITH ORDINALITY AS i(integration_id, tiny_id, sku, quantity, stock_type, deposits, ord)
    ), prev AS (
      SELECT s.integration_id, s.tiny_id, s.quantity FROM catalog.stock s JOIN input i USING (integration_id, tiny_id)
    ), saved AS (
      INSERT INTO catalog.stock AS s (integration_id, tiny_id, sku, quantity, stock_type, deposits)
      SELECT integration_id, tiny_id, sku, quantity, stock_type, deposits FROM input
       ORDER BY integration_id COLLATE "C", tiny_id COLLATE "C"
      ON CONFLICT (integration_id, tiny_id) DO UPDATE
        SET sku = EXCLUDED.sku, quantity = EXCLUDED.quantity, stock_type = EXCLUDED.stock_type,
            deposits = EXCLUDED.deposits, updated_at = now()
      WHERE (s.sku, s.quantity, s.stock_type, s.deposits)
            IS DISTINCT FROM (EXCLUDED.sku, EXCLUDED.quantity, EXCLUDED.stock_type, EXCLUDED.deposits)
      RETURNING s.integration_id, s.tiny_id
    )
    SELECT i.ord::int AS ord, p.quantity AS previous, p.tiny_id IS NOT NULL AS existed, v.tiny_id IS NOT NULL AS written
      FROM input i
      LEFT JOIN prev p USING (integration_id, tiny_id)
      LEFT JOIN saved v USING (integration_id, tiny_id)
     ORDER BY i.ord`,
};

interface PgClient {
  query<R>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
}

/**
 * The stock webhook hot path as set-based statements: a whole batch (no SKU, product or message twice)
 * costs two statements (inbox + ordering guard, then the stock rows) instead of four per receipt. Same
 * guard and same writes as CatalogWriter.applyStock; runs in the caller's transaction.
 */
export class StockBatchRepository {
  async claim(m: EntityManager, consumer: string, rows: readonly StockBatchRow[]): Promise<ClaimResult[]> {
    const out = await run<{ ord: number; fresh: boolean; applies: boolean }>(m, CLAIM, [
      rows.map((r) => r.messageId),
      rows.map((r) => r.integrationId),
      rows.map((r) => r.sku),
      rows.map((r) => r.receiptSeq),
      rows.map((r) => r.observedAt.toISOString()),
      consumer,
    ]);
    return out.map((r) => ({ fresh: r.fresh, applies: r.applies }));
  }

  async write(m: EntityManager, rows: readonly StockBatchRow[]): Promise<WriteResult[]> {
    const out = await run<{ ord: number; previous: string | null; existed: boolean; written: boolean }>(m, WRITE, [
      rows.map((r) => r.integrationId),
      rows.map((r) => r.tinyId),
      rows.map((r) => r.sku),
      rows.map((r) => r.quantity),
      rows.map((r) => r.stockType),
      rows.map((r) => JSON.stringify(r.deposits)),
    ]);
    return out.map((r) => ({ existed: r.existed, previous: r.previous === null ? null : Number(r.previous), written: r.written }));
  }
}

/** A named prepared statement on the transaction's own connection (parsed and planned once per connection). */
async function run<R>(m: EntityManager, q: { name: string; text: string }, values: unknown[]): Promise<R[]> {
  const runner = m.queryRunner;
  const client = runner && !runner.isReleased ? (runner as { databaseConnection?: unknown }).databaseConnection : undefined;
  if (!client || typeof (client as { query?: unknown }).query !== 'function') return (await m.query(q.text, values)) as R[];
  try {
    return (await (client as PgClient).query<R>({ ...q, values })).rows;
  } catch (error) {
    throw new QueryFailedError(q.text, values, error as Error);
  }
}
