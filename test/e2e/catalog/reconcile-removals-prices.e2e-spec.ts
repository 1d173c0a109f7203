import { CatalogHarness, INTEGRATION, TOKEN } from './harness';

interface Drift {
  field?: string;
  sku: string;
  was: unknown;
  now: unknown;
  repaired: boolean;
}
interface RunRow {
  id: string;
  status: string;
  drift_found: number;
  drift_repaired: number;
  errors: number;
  details: { drift?: Drift[]; removed?: { sku: string; removal: string }[]; errors?: { tinyId: string; error: string }[] };
}
interface ProductRow {
  sku: string;
  name: string;
  status: string;
  removal: string | null;
  removed_at: Date | null;
}

// Products removed in Tiny and prices changed there, both without any webhook, are found by the next
// reconciliation (the rolling scans), repaired under the product rules, published once and reported as drift.
describe('catalog-sync reconciliation: removed products and price drift', () => {
  const h = new CatalogHarness({
    account: { products: 60, planLimit: 3000, seed: 43, realtimeStock: false },
    windowMs: 1000,
  });
  const used = new Set<number>();
  /** A fresh active simple product of the sandbox (each test takes its own). */
  const pick = () => {
    const p = h.sandbox.account(TOKEN).products.find((x) => x.tipoVariacao === 'N' && x.classe === 'S' && x.situacao === 'A' && !used.has(x.id));
    if (!p) throw new Error('no simple product left');
    used.add(p.id);
    return p;
  };
  const product = async (tinyId: number): Promise<ProductRow> =>
    (await h.pg.query('SELECT * FROM catalog.products WHERE tiny_id = $1', [String(tinyId)])).rows[0] as ProductRow;
  const price = async (tinyId: number) =>
    (await h.pg.query('SELECT price, promotional_price FROM catalog.prices WHERE tiny_id = $1', [String(tinyId)])).rows[0] as {
      price: string;
      promotional_price: string | null;
    };
  /** Events about `sku` published since the test began (the initial import published every product once). */
  let from = 0;
  const eventsFor = (type: string, sku: string) => h.catalogEvents.slice(from).filter((e) => e.type === type && e.data.sku === sku);
  const driftOf = (run: RunRow, sku: string) => (run.details.drift ?? []).filter((d) => d.sku === sku);

  /** "Reconcile now" through the ops API; resolves with the finished run. */
  const reconcile = async (): Promise<RunRow> => {
    const start = await h.ops<{ runId: string }>('POST', `/ops/integrations/${INTEGRATION}/reconcile`);
    expect(start.status).toBe(202);
    let run: RunRow | undefined;
    await h.waitFor(async () => {
      run = (await h.pg.query('SELECT * FROM catalog.sync_runs WHERE id = $1', [start.body.runId])).rows[0] as RunRow | undefined;
      return run !== undefined && run.status !== 'running';
    }, 30_000, 100);
    expect(run?.status).toBe('done');
    // Every drift counted once: the counters are exactly the entries the run lists.
    const listed = run?.details.drift ?? [];
    expect(run).toMatchObject({ drift_found: listed.length, drift_repaired: listed.filter((d) => d.repaired).length });
    await delivered();
    return run!;
  };

  /** A full import through the ops API; resolves with the finished run. */
  const importNow = async (): Promise<RunRow> => {
    const start = await h.ops<{ runId: string }>('POST', `/ops/integrations/${INTEGRATION}/import`);
    expect(start.status).toBe(202);
    await h.waitFor(async () => {
      const r = await h.ops<{ status: string }>('GET', `/ops/sync-runs/${start.body.runId}`);
      return r.body.status === 'done';
    }, 30_000, 200);
    await delivered();
    return (await h.pg.query('SELECT * FROM catalog.sync_runs WHERE id = $1', [start.body.runId])).rows[0] as RunRow;
  };

  /** Every catalogue event committed to the outbox so far has reached the test's listener. */
  const delivered = async () =>
    h.waitFor(async () => {
      const rows = (await h.pg.query(`SELECT message_id FROM catalog.outbox WHERE type LIKE 'catalog.%'`)).rows as { message_id: string }[];
      const seen = new Set(h.catalogEvents.map((e) => e.id));
      return rows.every((r) => seen.has(r.message_id));
    }, 20_000, 50);

  beforeAll(async () => {
    await h.start();
    await h.configure({ active: true });
    await h.waitForImportDone(40_000);
  }, 60_000);
  afterAll(async () => {
    await h.stop();
  }, 30_000);
  beforeEach(async () => {
    await delivered();
    from = h.catalogEvents.length;
  });

  it('marks a product excluded in Tiny (situação E) on the next run, keeps its row, publishes it once and reports it', async () => {
    const p = pick();
    const before = await product(p.id);
    expect(before.removal).toBeNull();
    h.sandbox.setProductSituacao(TOKEN, p.id, 'E');

    const run = await reconcile();
    const after = await product(p.id);
    expect(after).toMatchObject({ sku: p.codigo, name: before.name, status: 'inactive', removal: 'excluded' });
    expect(after.removed_at).not.toBeNull();
    expect(driftOf(run, p.codigo)).toEqual([expect.objectContaining({ field: 'removal', was: null, now: 'excluded', repaired: true })]);
    expect(run.drift_found).toBeGreaterThanOrEqual(1);
    expect(run.drift_repaired).toBeGreaterThanOrEqual(1);
    const published = eventsFor('catalog.product.upserted.v1', p.codigo);
    expect(published).toHaveLength(1);
    expect(published[0].data).toMatchObject({ origin: 'reconciliation', status: 'inactive', removal: 'excluded', changedFields: ['status', 'removal'] });

    // The next run sees it among Tiny's excluded products again: nothing new to say.
    const again = await reconcile();
    expect(driftOf(again, p.codigo)).toEqual([]);
    expect(eventsFor('catalog.product.upserted.v1', p.codigo)).toHaveLength(1);

    // Back to active in Tiny: the removal is lifted, once.
    h.sandbox.setProductSituacao(TOKEN, p.id, 'A');
    const back = await reconcile();
    expect(await product(p.id)).toMatchObject({ status: 'active', removal: null, removed_at: null });
    expect(driftOf(back, p.codigo)).toEqual([expect.objectContaining({ field: 'removal', was: 'excluded', now: null, repaired: true })]);
    const all = eventsFor('catalog.product.upserted.v1', p.codigo);
    expect(all).toHaveLength(2);
    expect(all[1].data).toMatchObject({ status: 'active', removal: null });
  }, 60_000);

  it('marks a product deleted from Tiny for good (code 32) through the rolling stock scan', async () => {
    const p = pick();
    h.sandbox.deleteProduct(TOKEN, p.id);

    const run = await reconcile();
    expect(await product(p.id)).toMatchObject({ status: 'inactive', removal: 'not-found' });
    expect(driftOf(run, p.codigo)).toEqual([expect.objectContaining({ field: 'removal', now: 'not-found', repaired: true })]);
    expect(eventsFor('catalog.product.upserted.v1', p.codigo)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ removal: 'not-found', origin: 'reconciliation' }) }),
    ]);

    // Not read again by the stock scan, not reported again.
    h.sandbox.resetCalls(TOKEN);
    const again = await reconcile();
    expect(driftOf(again, p.codigo)).toEqual([]);
    expect(eventsFor('catalog.product.upserted.v1', p.codigo)).toHaveLength(1);
    expect(h.sandbox.getCalls(TOKEN).byService['produto.obter.estoque']?.byResult?.['32'] ?? 0).toBe(0);
  }, 60_000);

  it('repairs a price and promotional price changed in Tiny without a webhook, at about 0.01 calls per product', async () => {
    const p = pick();
    h.sandbox.setPrice(TOKEN, { product: p.id, preco: 123.45, precoPromocional: 99.9, webhook: false });
    expect((await price(p.id)).price).not.toBe('123.45');

    h.sandbox.resetCalls(TOKEN);
    const run = await reconcile();
    expect(await price(p.id)).toEqual({ price: '123.45', promotional_price: '99.90' });
    expect(driftOf(run, p.codigo)).toEqual([
      expect.objectContaining({ field: 'price', now: { price: '123.45', promotionalPrice: '99.90' }, repaired: true }),
    ]);
    const published = eventsFor('catalog.price.changed.v1', p.codigo);
    expect(published).toHaveLength(1);
    expect(published[0].data).toMatchObject({ origin: 'reconciliation', price: '123.45', promotionalPrice: '99.90' });
    // Prices come from produtos.pesquisa pages (100 products a call), not from a read per product.
    const calls = h.sandbox.getCalls(TOKEN).byService;
    expect(calls['produto.obter']?.total ?? 0).toBe(0);
    expect(calls['produtos.pesquisa']?.total ?? 0).toBeLessThanOrEqual(2);

    const again = await reconcile();
    expect(driftOf(again, p.codigo)).toEqual([]);
    expect(eventsFor('catalog.price.changed.v1', p.codigo)).toHaveLength(1);
  }, 60_000);

  it('under keepStatus and keepPrices records the removal but leaves status and prices exactly as they were', async () => {
    await h.configure({ rules: { keepStatus: true, keepPrices: true } });
    try {
      const removed = pick();
      const repriced = pick();
      const oldPrice = await price(repriced.id);
      h.sandbox.setProductSituacao(TOKEN, removed.id, 'E');
      h.sandbox.setPrice(TOKEN, { product: repriced.id, preco: 555.55, webhook: false });

      const run = await reconcile();
      expect(await product(removed.id)).toMatchObject({ status: 'active', removal: 'excluded' });
      const published = eventsFor('catalog.product.upserted.v1', removed.codigo);
      expect(published).toHaveLength(1);
      expect(published[0].data).toMatchObject({ status: 'active', removal: 'excluded', changedFields: ['removal'] });
      expect(driftOf(run, removed.codigo)).toEqual([expect.objectContaining({ field: 'removal', now: 'excluded' })]);

      expect(await price(repriced.id)).toEqual(oldPrice);
      expect(eventsFor('catalog.price.changed.v1', repriced.codigo)).toHaveLength(0);
      expect(driftOf(run, repriced.codigo)).toEqual([]);
    } finally {
      await h.configure({ rules: { keepStatus: false, keepPrices: false } });
    }
  }, 60_000);

  it('a full import that no longer lists a product confirms it with produto.obter and marks it removed', async () => {
    const p = pick();
    h.sandbox.setProductSituacao(TOKEN, p.id, 'E');
    const run = await importNow();
    expect(await product(p.id)).toMatchObject({ status: 'inactive', removal: 'excluded' });
    expect(run.details.removed).toEqual([{ sku: p.codigo, tinyId: String(p.id), removal: 'excluded' }]);
    expect(eventsFor('catalog.product.upserted.v1', p.codigo)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ removal: 'excluded', origin: 'import' }) }),
    ]);
  }, 60_000);

  it('a stock 32 for a product produto.obter just returned does not remove it (import and stock scan): an error, listed', async () => {
    const p = pick();
    h.sandbox.addFault(TOKEN, { kind: 'tinyError', code: 32, services: ['produto.obter.estoque'], ids: [String(p.id)] });
    try {
      const run = await importNow();
      expect(await product(p.id)).toMatchObject({ status: 'active', removal: null });
      expect(run.details.errors).toEqual([expect.objectContaining({ tinyId: String(p.id) })]);
      expect(run.details.removed ?? []).toEqual([]);

      // The stock scan confirms a 32 with produto.obter before calling the product removed.
      h.sandbox.resetCalls(TOKEN);
      const scanned = await reconcile();
      expect(await product(p.id)).toMatchObject({ status: 'active', removal: null });
      expect(driftOf(scanned, p.codigo)).toEqual([]);
      expect(scanned.details.errors).toEqual([expect.objectContaining({ tinyId: String(p.id) })]);
      expect(h.sandbox.getCalls(TOKEN).byService['produto.obter']?.total).toBe(1);
      expect(eventsFor('catalog.product.upserted.v1', p.codigo)).toEqual([]);
    } finally {
      h.sandbox.clearFaults(TOKEN);
    }
  }, 90_000);

  it('a validation error while the import confirms an unlisted product is listed and does not fail the run', async () => {
    const p = pick();
    h.sandbox.setProductSituacao(TOKEN, p.id, 'E');
    h.sandbox.addFault(TOKEN, { kind: 'tinyError', code: 31, services: ['produto.obter'], ids: [String(p.id)] });
    try {
      const run = await importNow();
      expect(run.status).toBe('done');
      expect(run.errors).toBe(1);
      expect(run.details.errors).toEqual([expect.objectContaining({ tinyId: String(p.id) })]);
      expect(await product(p.id)).toMatchObject({ removal: null });
    } finally {
      h.sandbox.clearFaults(TOKEN);
      h.sandbox.setProductSituacao(TOKEN, p.id, 'A');
    }
  }, 60_000);
});
