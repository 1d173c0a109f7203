import 'reflect-metadata';
import { runMigrations } from '@app/persistence';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import type { DataSource } from 'typeorm';
import { catalogDataSource, closeCatalogDataSource } from '../database/catalog-data-source';
import type { IntegrationReplica } from '../integrations/replica/integration-replica';
import { DEFAULT_PRODUCT_RULES, type Observation } from './catalog.types';
import { CatalogWriter } from './catalog-writer';

const integration: IntegrationReplica = {
  integrationId: 'i1', tenantId: 't1', version: 1, name: 'x', active: true, deleted: false, integrationUserId: 'u-int',
  tokenSealed: 'v1:x', accountKey: 'k', planLimitPerMinute: 60, share: 1, rules: DEFAULT_PRODUCT_RULES,
};
const target = { tinyId: '100', sku: 'SKU-1' };
const stock = (quantity: number) => ({ quantity, stockType: 'D' as const, deposits: [] });
const webhook = (receiptSeq: number, at: number): Observation => ({ origin: 'webhook', receiptSeq, observedAt: new Date(at) });
const read = (at: number): Observation => ({ origin: 'import', receiptSeq: null, observedAt: new Date(at) });

describe('CatalogWriter ordering guard (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const writer = new CatalogWriter();
  const apply = (q: number, obs: Observation) => ds.transaction((m) => writer.applyStock(m, integration, target, stock(q), obs));
  const quantity = async () => Number((await ds.query('SELECT quantity FROM catalog.stock WHERE tiny_id = $1', [target.tinyId]))[0].quantity);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = catalogDataSource(db.url);
    await runMigrations(ds);
  });
  afterAll(async () => {
    await closeCatalogDataSource(db.url);
    await db.drop();
  });

  it('never lets an older receipt overwrite a newer one, and emits only on change', async () => {
    const t = Date.now();
    expect((await apply(10, webhook(5, t))).events).toHaveLength(1);
    expect(await apply(3, webhook(4, t - 1))).toMatchObject({ stale: true, events: [] });
    expect(await quantity()).toBe(10);
    expect((await apply(10, webhook(6, t + 1))).events).toHaveLength(0);
    expect((await apply(12, webhook(7, t + 2))).events[0]).toMatchObject({ data: { quantity: 12, previousQuantity: 10, receiptSeq: 7, actor: { userId: 'u-int' } } });
  });

  it('lets a later read win over earlier webhooks, and a read older than the last webhook lose', async () => {
    const t = Date.now() + 1000;
    expect((await apply(20, read(t))).stale).toBe(false);
    // Accepted before the read: the read already contains it.
    expect((await apply(99, webhook(8, t - 5))).stale).toBe(true);
    expect(await quantity()).toBe(20);
    // A read sent before the last applied webhook was accepted is older than it.
    expect((await apply(21, webhook(9, t + 10))).stale).toBe(false);
    expect((await apply(5, read(t + 5))).stale).toBe(true);
    expect(await quantity()).toBe(21);
  });

  it('serialises concurrent deliveries for one SKU: the highest sequence wins whatever the commit order', async () => {
    const t = Date.now() + 5000;
    const seqs = Array.from({ length: 20 }, (_, i) => 100 + i).sort(() => Math.random() - 0.5);
    await Promise.all(seqs.map((s) => apply(s, webhook(s, t + s))));
    expect(await quantity()).toBe(119);
  });
});
