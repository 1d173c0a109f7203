import { CatalogHarness, INTEGRATION, INTEGRATION_USER, DEFAULT_RULES, TOKEN } from './harness';
import { catalogueDiff } from './catalogue-diff';
import type { Product } from '../../tiny-sandbox/src/accounts/model';

// Webhooks come from the sandbox's emitter through the real webhook-gateway (child process from dist),
// which authenticates them, numbers the receipts and publishes tiny.*.received.v1; catalog-sync runs
// in-process on the same PostgreSQL and RabbitMQ. Only the out-of-order test publishes gateway events
// itself, to control the order of delivery.
describe('catalog-sync real-time updates and product rules', () => {
  const h = new CatalogHarness({ account: { products: 80, planLimit: 3000, seed: 11 }, windowMs: 1000, gateway: 'real' });
  const acc = () => h.sandbox.account(TOKEN);
  const row = async (tinyId: number) =>
    (
      await h.pg.query(
        `SELECT p.*, s.quantity, pr.price, pr.promotional_price, pr.price_list_id FROM catalog.products p
         LEFT JOIN catalog.stock s USING (integration_id, tiny_id) LEFT JOIN catalog.prices pr USING (integration_id, tiny_id)
         WHERE p.tiny_id = $1`,
        [String(tinyId)],
      )
    ).rows[0] as Record<string, unknown>;
  const eventsFor = (type: string, tinyId: number) => h.catalogEvents.filter((e) => e.type === type && e.data.tinyId === String(tinyId));
  /** An active simple product with stock in "Geral", a "Loja" deposit and reserved stock, not used by another test. */
  const used = new Set<number>();
  const pick = (pred: (p: Product) => boolean = () => true): Product => {
    const p = acc().products.find((x) => x.tipoVariacao === 'N' && x.classe === 'S' && x.situacao === 'A' && !used.has(x.id) && pred(x));
    if (!p) throw new Error('no suitable product left in the sandbox');
    used.add(p.id);
    return p;
  };
  const expectReceipts = () => h.settled();

  beforeAll(async () => {
    await h.start();
    await h.configure({ active: true });
    await h.waitForImportDone(40_000);
    expect(await catalogueDiff(h.sandbox, TOKEN, h.pg, INTEGRATION, h.rules)).toEqual([]);
  }, 60_000);
  afterAll(async () => {
    await h.stop();
  }, 30_000);
  afterEach(async () => {
    if (JSON.stringify(h.rules) !== JSON.stringify(DEFAULT_RULES)) await h.configure({ rules: DEFAULT_RULES });
  });

  it('applies a stock webhook and publishes catalog.stock.changed once, as the integration user', async () => {
    const p = pick();
    h.sandbox.setStock(TOKEN, { product: p.id, saldo: 77, saldoReservado: 2 });
    await expectReceipts();
    expect(Number((await row(p.id)).quantity)).toBe(75 + (p.deposits.find((d) => d.nome === 'Loja' && d.desconsiderar === 'N')?.saldo ?? 0));
    await h.waitFor(() => eventsFor('catalog.stock.changed.v1', p.id).some((e) => e.data.origin === 'webhook'));
    const e = eventsFor('catalog.stock.changed.v1', p.id).find((x) => x.data.origin === 'webhook');
    expect(e?.data.actor).toEqual({ userId: INTEGRATION_USER });
    // It went through the gateway: the receipt is stored there with the sequence catalog-sync applied.
    const receipt = await h.pg.query(
      `SELECT 1 FROM gateway.received_webhooks WHERE kind = 'estoque' AND receipt_seq = $1 AND strpos(body, $2) > 0`,
      [e?.data.receiptSeq, p.codigo],
    );
    expect(receipt.rowCount).toBe(1);
    // The same balance again: consumed, nothing changed, no event.
    h.sandbox.setStock(TOKEN, { product: p.id, saldo: 77 });
    await expectReceipts();
    await new Promise((r) => setTimeout(r, 500));
    expect(eventsFor('catalog.stock.changed.v1', p.id).filter((x) => x.data.origin === 'webhook')).toHaveLength(1);
  });

  it('applies a price webhook', async () => {
    const p = pick();
    h.sandbox.setPrice(TOKEN, { product: p.id, preco: 123.45, precoPromocional: 99.9 });
    await expectReceipts();
    const r = await row(p.id);
    expect([r.price, r.promotional_price]).toEqual(['123.45', '99.90']);
    await h.waitFor(() => eventsFor('catalog.price.changed.v1', p.id).some((e) => e.data.origin === 'webhook'));
  });

  it('applies a product webhook for a family (parent and variations)', async () => {
    const parent = acc().products.find((x) => x.tipoVariacao === 'P' && !used.has(x.id));
    if (!parent) throw new Error('no parent');
    used.add(parent.id);
    parent.nome = `${parent.nome} Edição 2`;
    const v = acc().productById.get(parent.variationIds[0]);
    if (!v) throw new Error('no variation');
    v.gtin = '7890000099999';
    await h.sandbox.sendProduct(TOKEN, parent.id);
    await expectReceipts();
    expect((await row(parent.id)).name).toBe(parent.nome);
    expect((await row(parent.id)).description).toBe(`<p>${parent.nome}</p>`);
    expect((await row(v.id)).gtin).toBe('7890000099999');
    await h.waitFor(() => eventsFor('catalog.product.upserted.v1', parent.id).some((e) => e.data.origin === 'webhook'));
    const e = eventsFor('catalog.product.upserted.v1', parent.id).find((x) => x.data.origin === 'webhook');
    expect(e?.data.changedFields).toEqual(expect.arrayContaining(['name', 'description']));
  });

  it('ends with the newer balance when two stock webhooks for one SKU arrive out of order', async () => {
    const p = pick();
    const older = h.nextReceiptSeq();
    const newer = h.nextReceiptSeq();
    const t = Date.now();
    const dados = (saldo: string) => ({ idProduto: String(p.id), saldo, tipoEstoque: 'D', sku: p.codigo, skuMapeamento: p.codigo });
    await h.publishStockReceipt(dados('42.00'), newer, new Date(t + 10));
    await h.settled();
    await h.publishStockReceipt(dados('5.00'), older, new Date(t));
    await h.settled();
    expect(Number((await row(p.id)).quantity)).toBe(42);
    const applied = await h.pg.query(`SELECT receipt_seq FROM catalog.applied WHERE sku = $1 AND field_group = 'stock'`, [p.codigo]);
    expect(Number(applied.rows[0].receipt_seq)).toBe(newer);
  });

  it('rule ignoreCategories: a product webhook leaves the category as it was', async () => {
    await h.configure({ rules: { ignoreCategories: true } });
    const p = pick((x) => x.categoria !== '');
    const before = (await row(p.id)).category_path;
    p.categoria = 'Nova >> Categoria';
    p.nome = `${p.nome} (cat)`;
    await h.sandbox.sendProduct(TOKEN, p.id);
    await expectReceipts();
    const r = await row(p.id);
    expect(r.name).toBe(p.nome);
    expect(r.category_path).toEqual(before);
  });

  it('rule keepNameAndDescription: name and description stay, other fields follow Tiny', async () => {
    await h.configure({ rules: { keepNameAndDescription: true } });
    const p = pick();
    const before = await row(p.id);
    p.nome = 'Nome que não deve chegar';
    p.marca = 'Marca Nova KND';
    await h.sandbox.sendProduct(TOKEN, p.id);
    await expectReceipts();
    const r = await row(p.id);
    expect([r.name, r.description]).toEqual([before.name, before.description]);
    expect(r.brand).toBe('Marca Nova KND');
  });

  it('rule keepStatus: an inactivated product stays active', async () => {
    await h.configure({ rules: { keepStatus: true } });
    const p = pick();
    p.situacao = 'I';
    p.marca = 'Marca Nova KS';
    await h.sandbox.sendProduct(TOKEN, p.id);
    await expectReceipts();
    const r = await row(p.id);
    expect(r.status).toBe('active');
    expect(r.brand).toBe('Marca Nova KS');
  });

  it('rule ignoreBrand: the brand stays as it was', async () => {
    await h.configure({ rules: { ignoreBrand: true } });
    const p = pick((x) => x.marca !== '');
    const before = (await row(p.id)).brand;
    p.marca = 'Outra Marca';
    p.nome = `${p.nome} (brand)`;
    await h.sandbox.sendProduct(TOKEN, p.id);
    await expectReceipts();
    const r = await row(p.id);
    expect(r.brand).toBe(before);
    expect(r.name).toBe(p.nome);
  });

  it('rule keepPrices: a price webhook changes nothing and publishes nothing', async () => {
    await h.configure({ rules: { keepPrices: true } });
    const p = pick();
    const before = await row(p.id);
    const eventsBefore = eventsFor('catalog.price.changed.v1', p.id).length;
    h.sandbox.setPrice(TOKEN, { product: p.id, preco: 1.11 });
    await expectReceipts();
    await new Promise((r) => setTimeout(r, 300));
    expect((await row(p.id)).price).toBe(before.price);
    expect(eventsFor('catalog.price.changed.v1', p.id)).toHaveLength(eventsBefore);
  });

  it('rule stockType F: a webhook computed as disponível is replaced by the physical balance read from Tiny', async () => {
    await h.configure({ rules: { stockType: 'F' } });
    const p = pick();
    const estoqueCalls = () => h.sandbox.getCalls(TOKEN).byService['produto.obter.estoque']?.total ?? 0;
    const calls = estoqueCalls();
    h.sandbox.setStock(TOKEN, { product: p.id, saldo: 30, saldoReservado: 4 });
    await expectReceipts();
    const physical = acc().stockOf(p).saldo;
    expect(Number((await row(p.id)).quantity)).toBe(physical);
    expect(estoqueCalls()).toBe(calls + 1);
  });

  it('rule deposits: only the chosen deposits count', async () => {
    await h.configure({ rules: { deposits: ['Geral'] } });
    const p = pick((x) => x.deposits.some((d) => d.nome === 'Loja'));
    h.sandbox.setStock(TOKEN, { product: p.id, deposito: 'Loja', saldo: 9, saldoReservado: 1 });
    await expectReceipts();
    const geral = p.deposits.find((d) => d.nome === 'Geral')?.saldo ?? 0;
    expect(Number((await row(p.id)).quantity)).toBe(Math.max(0, geral - 1));
  });

  it('rule priceListId: a price webhook stores the price of the chosen list', async () => {
    const list = acc().priceLists.find((l) => l.acrescimoDesconto !== 0);
    if (!list) throw new Error('no price list');
    await h.configure({ rules: { priceListId: String(list.id) } });
    const p = pick((x) => !acc().exceptions.some((e) => e.idProduto === x.id));
    h.sandbox.setPrice(TOKEN, { product: p.id, preco: 200, precoPromocional: 0 });
    await expectReceipts();
    const expected = acc().priceIn(p, list.id);
    const r = await row(p.id);
    expect(r.price).toBe(expected.preco.toFixed(2));
    expect(r.price_list_id).toBe(String(list.id));
  });

  it('dead-letters a price webhook for a SKU Tiny does not know, lists it on the ops API and replays it', async () => {
    const seq = h.nextReceiptSeq();
    const { createEvent, TinyPrecosReceivedV1 } = await import('@app/contracts');
    await h.publish(
      createEvent(TinyPrecosReceivedV1, {
        source: 'webhook-gateway',
        tenantId: 'tenant-e2e',
        integrationId: INTEGRATION,
        data: {
          receiptSeq: seq, receivedAt: new Date().toISOString(), deliveryKey: 'a'.repeat(64), versao: '1.0.0', cnpj: '1', idEcommerce: '54321',
          dados: { skuMapeamento: 'NAO-EXISTE-404', codigo: 'NAO-EXISTE-404', preco: '10.00' },
        } as never,
      }),
    );
    let items: { id: string; type: string }[] = [];
    await h.waitFor(async () => {
      items = (await h.ops<{ items: { id: string; type: string }[] }>('GET', '/ops/dead-letters')).body.items;
      return items.some((d) => d.type === 'tiny.precos.received.v1');
    }, 15_000);
    const dl = items.find((d) => d.type === 'tiny.precos.received.v1');
    const replay = await h.ops('POST', `/ops/dead-letters/${dl?.id}/replay`);
    expect(replay.status).toBe(202);
  });
});
