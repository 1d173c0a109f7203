import 'reflect-metadata';
import { runMigrations } from '@app/persistence';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import type { DataSource } from 'typeorm';
import { catalogDataSource, closeCatalogDataSource } from '../database/catalog-data-source';
import type { IntegrationReplica } from '../integrations/replica/integration-replica';
import { DEFAULT_PRODUCT_RULES, type Observation, type ProductState } from './catalog.types';
import { CatalogWriter } from './catalog-writer';

const integration: IntegrationReplica = {
  integrationId: 'i1', tenantId: 't1', version: 1, name: 'x', active: true, deleted: false, integrationUserId: 'u-int',
  tokenSealed: 'v1:x', accountKey: 'k', planLimitPerMinute: 60, share: 1, rules: DEFAULT_PRODUCT_RULES,
};
const target = { tinyId: '100', sku: 'SKU-1' };
const stock = (quantity: number) => ({ quantity, stockType: 'D' as const, deposits: [] });
const webhook = (receiptSeq: number, at: number): Observation => ({ origin: 'webhook', receiptSeq, observedAt: new Date(at) });
const read = (at: number): Observation => ({ origin: 'import', receiptSeq: null, observedAt: new Date(at) });
const scan = (at: number): Observation => ({ origin: 'reconciliation', receiptSeq: null, observedAt: new Date(at) });
const product = (over: Partial<ProductState>): ProductState => ({
  tinyId: '200', sku: 'SKU-2', kind: 'simple', parentTinyId: null, parentSku: null, name: 'Old name', description: 'old',
  brand: null, categoryPath: null, status: 'active', unit: 'UN', gtin: null, ncm: null, netWeightKg: null, grossWeightKg: null,
  heightCm: null, widthCm: null, lengthCm: null, diameterCm: null, images: ['http://img/old.jpg'], attributes: [], kit: [],
  removal: null, removedAt: null, ...over,
});

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

  describe('a partial status/removal patch (reconciliation) and a fuller product update delivered after it', () => {
    const apply = (p: ProductState, obs: Observation) => ds.transaction((m) => writer.applyProduct(m, integration, p, obs));
    const patch = (p: Partial<ProductState>, obs: Observation, t = { tinyId: '200', sku: 'SKU-2' }) =>
      ds.transaction((m) => writer.patchProduct(m, integration, t, p, obs));
    const stored = async (tinyId: string) =>
      (await ds.query('SELECT name, description, images, status, removal FROM catalog.products WHERE tiny_id = $1', [tinyId]))[0];

    it('still applies a webhook observed before the patch (name, images), keeping the patched status', async () => {
      const t = Date.now() + 20_000;
      await apply(product({}), read(t));
      // In Tiny status and name change at t+1; the produto webhook (received t+1) is still queued when the
      // listing scan (read sent at t+2) patches the status.
      expect((await patch({ status: 'inactive' }, scan(t + 2))).stale).toBe(false);
      const late = await apply(product({ name: 'New name', description: 'new', images: ['http://img/new.jpg'], status: 'inactive' }), webhook(1, t + 1));
      expect(late.stale).toBe(false);
      expect(late.events[0]).toMatchObject({ data: { name: 'New name', status: 'inactive', changedFields: ['name', 'description', 'images'] } });
      expect(await stored('200')).toMatchObject({ name: 'New name', description: 'new', images: ['http://img/new.jpg'], status: 'inactive' });
    });

    it('an older webhook does not undo the patched status or removal; a patch older than a full update is stale', async () => {
      const t = Date.now() + 30_000;
      await apply(product({ tinyId: '300', sku: 'SKU-3' }), read(t));
      expect((await patch({ status: 'inactive', removal: 'excluded' }, scan(t + 2), { tinyId: '300', sku: 'SKU-3' })).stale).toBe(false);
      // Accepted before the scan read, carrying the status of before: its name applies, status and removal stay.
      await apply(product({ tinyId: '300', sku: 'SKU-3', name: 'Renamed', status: 'active' }), webhook(2, t + 1));
      expect(await stored('300')).toMatchObject({ name: 'Renamed', status: 'inactive', removal: 'excluded' });
      // A full read sent after the patch wins; a patch read sent before that read is stale.
      await apply(product({ tinyId: '300', sku: 'SKU-3', name: 'Renamed', status: 'active' }), read(t + 5));
      expect(await stored('300')).toMatchObject({ status: 'active', removal: null });
      expect(await patch({ status: 'inactive' }, scan(t + 4), { tinyId: '300', sku: 'SKU-3' })).toMatchObject({ stale: true, events: [] });
      expect(await stored('300')).toMatchObject({ status: 'active' });
    });
  });

  it('serialises concurrent deliveries for one SKU: the highest sequence wins whatever the commit order', async () => {
    const t = Date.now() + 5000;
    const seqs = Array.from({ length: 20 }, (_, i) => 100 + i).sort(() => Math.random() - 0.5);
    await Promise.all(seqs.map((s) => apply(s, webhook(s, t + s))));
    expect(await quantity()).toBe(119);
  });
});
