import 'reflect-metadata';
import { createEvent, TinyEstoqueReceivedV1 } from '@app/contracts';
import { Inbox, OutboxPublisher } from '@app/messaging';
import { runMigrations } from '@app/persistence';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import type { DataSource } from 'typeorm';
import { DEFAULT_PRODUCT_RULES } from '../../catalog/catalog.types';
import { catalogDataSource, closeCatalogDataSource } from '../../database/catalog-data-source';
import type { IntegrationReplica } from '../../integrations/replica/integration-replica';
import { CatalogDeps } from '../../shared/catalog-deps';
import type { CatalogTinyProvider } from '../../tiny/catalog-tiny.port';
import { ApplyStockWebhook } from './apply-stock-webhook.usecase';

const integration: IntegrationReplica = {
  integrationId: 'i1', tenantId: 't1', version: 1, name: 'x', active: true, deleted: false, integrationUserId: 'u-int',
  tokenSealed: 'v1:x', accountKey: 'k', planLimitPerMinute: 60, share: 1, rules: DEFAULT_PRODUCT_RULES,
};

/** The replica comes from here instead of config's event; Tiny is never read (tipoEstoque D = the rules). */
class TestDeps extends CatalogDeps {
  override integration(): Promise<IntegrationReplica | null> {
    return Promise.resolve(integration);
  }
}

let seqBase = 0;
/** Acceptance time grows with the sequence, as at the gateway (the guard also compares it). */
const T0 = Date.now();
function receipt(sku: string, seq: number, saldo: number, id?: string): TinyEstoqueReceivedV1 {
  return createEvent(TinyEstoqueReceivedV1, {
    id,
    source: 'webhook-gateway',
    tenantId: 't1',
    integrationId: 'i1',
    data: {
      receiptSeq: seq,
      receivedAt: new Date(T0 + seq).toISOString(),
      deliveryKey: 'a'.repeat(64),
      cnpj: '48404755000188',
      idEcommerce: '54321',
      dados: { idProduto: `id-${sku}`, saldo: `${saldo}.00`, tipoEstoque: 'D', sku, skuMapeamento: sku },
    },
  } as never);
}

describe('ApplyStockWebhook group commit (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let useCase: ApplyStockWebhook;
  const stockEvents = async (sku: string) =>
    ((await ds.query(`SELECT body::text AS body FROM catalog.outbox WHERE type = 'catalog.stock.changed.v1' ORDER BY id`)) as { body: string }[])
      .map((r) => (JSON.parse(r.body) as { data: Record<string, unknown> }).data)
      .filter((d) => d.sku === sku);
  const quantity = async (sku: string) => Number((await ds.query('SELECT quantity FROM catalog.stock WHERE sku = $1', [sku]))[0].quantity);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = catalogDataSource(db.url);
    await runMigrations(ds);
    useCase = new ApplyStockWebhook(new TestDeps(ds, new OutboxPublisher('catalog'), new Inbox('catalog'), {} as CatalogTinyProvider));
  });
  afterAll(async () => {
    await closeCatalogDataSource(db.url);
    await db.drop();
  });

  it('applies one SKU several times in one batch in arrival order, drops older receipts and duplicates', async () => {
    seqBase += 100;
    const first = receipt('B-1', seqBase + 1, 10);
    // Same tick: one batch (several rounds for the repeated SKU).
    const outcomes = await Promise.all([
      useCase.execute(first),
      useCase.execute(receipt('B-2', seqBase + 2, 7)),
      useCase.execute(receipt('B-1', seqBase + 3, 12)),
      useCase.execute(receipt('B-1', seqBase + 2, 99)), // older than the one before it
      useCase.execute(receipt('B-1', seqBase + 4, 12)), // same quantity: written guard, no event
      useCase.execute(receipt('B-1', seqBase + 1, 10, first.id)), // a redelivery
    ]);
    expect(outcomes).toEqual(['applied', 'applied', 'applied', 'stale', 'unchanged', 'duplicate']);
    expect(await quantity('B-1')).toBe(12);
    expect(await quantity('B-2')).toBe(7);
    const events = await stockEvents('B-1');
    expect(events.map((d) => [d.quantity, d.previousQuantity, d.receiptSeq])).toEqual([
      [10, null, seqBase + 1],
      [12, 10, seqBase + 3],
    ]);
    expect(events[0]).toMatchObject({ origin: 'webhook', actor: { userId: 'u-int' }, tinyId: 'id-B-1' });
  });

  it('keeps the highest sequence whatever batches the receipts land in', async () => {
    seqBase += 1000;
    const seqs = Array.from({ length: 200 }, (_, i) => seqBase + i).sort(() => Math.random() - 0.5);
    const outcomes = await Promise.all(
      seqs.map(async (s, i) => {
        // Spread over several ticks so several batches run concurrently.
        if (i % 50 === 0) await new Promise((r) => setImmediate(r));
        return useCase.execute(receipt(`C-${s % 7}`, s, s));
      }),
    );
    for (let k = 0; k < 7; k++) {
      const mine = seqs.filter((s) => s % 7 === k);
      expect(await quantity(`C-${k}`)).toBe(Math.max(...mine));
    }
    expect(outcomes.filter((o) => o === 'applied').length).toBeGreaterThanOrEqual(7);
    expect(outcomes.every((o) => o === 'applied' || o === 'stale')).toBe(true);
  });
});
