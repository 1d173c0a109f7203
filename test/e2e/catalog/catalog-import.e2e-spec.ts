import { CatalogHarness, INTEGRATION, INTEGRATION_USER, TOKEN } from './harness';
import { catalogueDiff } from './catalogue-diff';

// 1,000 products (families with variations, kits, inactive ones, an "Avaria" deposit marked desconsiderar,
// reserved stock), imported at a high plan limit on a 1 s window so the file stays well under a minute.
describe('catalog-sync full import', () => {
  const h = new CatalogHarness({ account: { products: 1000, planLimit: 3000 }, windowMs: 1000 });

  beforeAll(async () => {
    await h.start();
  }, 60_000);
  afterAll(async () => {
    await h.stop();
  }, 30_000);

  it('asks config to re-publish the integrations when it boots with an empty replica', async () => {
    await h.waitFor(async () => {
      const r = await h.pg.query(`SELECT count(*) AS n FROM catalog.outbox WHERE type = 'config.resync.requested.v1' AND published_at IS NOT NULL`);
      return Number(r.rows[0].n) === 1;
    }, 10_000);
  });

  it('imports the whole account when the integration turns active and the catalogue equals the sandbox', async () => {
    h.sandbox.resetCalls(TOKEN);
    await h.configure({ active: true });
    const runId = await h.waitForImportDone(75_000);

    expect(await catalogueDiff(h.sandbox, TOKEN, h.pg, INTEGRATION, h.rules)).toEqual([]);

    const acc = h.sandbox.account(TOKEN);
    const skus = acc.products.length;
    const kinds = new Set(acc.products.map((p) => (p.tipoVariacao === 'P' ? 'P' : p.tipoVariacao === 'V' ? 'V' : p.classe)));
    expect([...kinds].sort()).toEqual(['K', 'P', 'S', 'V']);
    expect(acc.products.some((p) => p.situacao === 'I')).toBe(true);
    expect(acc.products.some((p) => p.deposits.some((d) => d.desconsiderar === 'S'))).toBe(true);
    expect(acc.products.some((p) => (p.reserved ?? 0) > 0)).toBe(true);

    const calls = h.sandbox.getCalls(TOKEN);
    const obter = calls.byService['produto.obter']?.total ?? 0;
    const estoque = calls.byService['produto.obter.estoque']?.total ?? 0;
    const pages = calls.byService['produtos.pesquisa']?.total ?? 0;
    expect(obter).toBe(skus);
    expect(estoque).toBe(acc.products.filter((p) => p.tipoVariacao !== 'P').length);
    expect(pages).toBe(Math.ceil(skus / 100));
    expect(calls.total / skus).toBeLessThanOrEqual(2.02);

    // Progress through the ops API.
    const run = await h.ops<{ status: string; productsDone: number; pagesDone: number; progress: { fraction: number } }>('GET', `/ops/sync-runs/${runId}`);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ status: 'done', productsDone: skus, pagesDone: Math.ceil(skus / 100), progress: { fraction: 1 } });

    // One upserted event per SKU, with the integration user as actor.
    await h.waitFor(() => h.catalogEvents.filter((e) => e.type === 'catalog.product.upserted.v1').length >= skus, 20_000);
    const upserted = h.catalogEvents.filter((e) => e.type === 'catalog.product.upserted.v1');
    expect(new Set(upserted.map((e) => e.data.tinyId)).size).toBe(skus);
    expect(upserted.every((e) => (e.data.actor as { userId: string }).userId === INTEGRATION_USER)).toBe(true);
  }, 100_000);

  it('serves products by SKU, by Tiny id and as filtered pages through the ops API', async () => {
    const acc = h.sandbox.account(TOKEN);
    const variation = acc.products.find((p) => p.tipoVariacao === 'V');
    if (!variation) throw new Error('no variation in the sandbox');
    const bySku = await h.ops<{ tinyId: string; product: { kind: string }; stock: { quantity: number } }>(
      'GET',
      `/ops/integrations/${INTEGRATION}/products/by-sku/${encodeURIComponent(variation.codigo)}`,
    );
    expect(bySku.status).toBe(200);
    expect(bySku.body.tinyId).toBe(String(variation.id));
    expect(bySku.body.product.kind).toBe('variation');
    const byId = await h.ops<{ sku: string }>('GET', `/ops/integrations/${INTEGRATION}/products/by-tiny-id/${variation.id}`);
    expect(byId.body.sku).toBe(variation.codigo);
    const kits = await h.ops<{ total: number; items: { product: { kind: string } }[] }>(
      'GET',
      `/ops/integrations/${INTEGRATION}/products?kind=kit&limit=5`,
    );
    expect(kits.body.total).toBe(acc.products.filter((p) => p.classe === 'K').length);
    expect(kits.body.items.every((i) => i.product.kind === 'kit')).toBe(true);
    const other = await fetch(`${h.url}/ops/integrations/${INTEGRATION}/products`);
    expect(other.status).toBe(401);
  });
});
