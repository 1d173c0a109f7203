import { createEvent, validateEvent } from '../event';
import { CatalogPriceChangedV1, CatalogProductUpsertedV1, CatalogStockChangedV1, type ProductUpsertedData } from './catalog-events';

const header = {
  integrationId: 'int-1',
  sku: 'CAM-AZ-P',
  tinyId: '700100200',
  origin: 'webhook' as const,
  receiptSeq: 7,
  actor: { userId: 'user-int' },
};

describe('catalog contracts', () => {
  it('accepts a stock change and round-trips through JSON', async () => {
    const e = createEvent(CatalogStockChangedV1, {
      source: 'catalog-sync',
      tenantId: 't1',
      integrationId: 'int-1',
      data: { ...header, quantity: 35, previousQuantity: 37, stockType: 'D', deposits: [], observedAt: new Date().toISOString() },
    });
    const back = await validateEvent(CatalogStockChangedV1, JSON.parse(JSON.stringify(e)));
    expect(back.data.quantity).toBe(35);
    expect(back.data.actor.userId).toBe('user-int');
  });

  it('carries a product removal, accepts events without it (older publishers) and rejects an unknown reason', async () => {
    const product: ProductUpsertedData = {
      ...header, kind: 'simple', parentSku: null, parentTinyId: null, name: 'Camiseta', description: null, brand: null,
      categoryPath: null, status: 'active', unit: 'UN', gtin: null, ncm: null,
      dimensions: { netWeightKg: null, grossWeightKg: null, heightCm: null, widthCm: null, lengthCm: null, diameterCm: null },
      images: [], attributes: [], kit: [], changedFields: ['removal'],
    };
    const make = (data: ProductUpsertedData) =>
      JSON.parse(JSON.stringify(createEvent(CatalogProductUpsertedV1, { source: 'catalog-sync', tenantId: 't1', data }))) as unknown;
    const removed = await validateEvent(CatalogProductUpsertedV1, make({ ...product, removal: 'excluded', removedAt: new Date().toISOString() }));
    expect(removed.data.removal).toBe('excluded');
    await expect(validateEvent(CatalogProductUpsertedV1, make(product))).resolves.toBeDefined();
    await expect(validateEvent(CatalogProductUpsertedV1, make({ ...product, removal: null, removedAt: null }))).resolves.toBeDefined();
    await expect(
      validateEvent(CatalogProductUpsertedV1, make({ ...product, removal: 'gone' as never, removedAt: null })),
    ).rejects.toThrow(/removal/);
  });

  it('rejects a price change whose price is not a decimal string', async () => {
    const e = createEvent(CatalogPriceChangedV1, {
      source: 'catalog-sync',
      tenantId: 't1',
      data: { ...header, price: 'cheap', promotionalPrice: null, priceListId: null },
    });
    await expect(validateEvent(CatalogPriceChangedV1, JSON.parse(JSON.stringify(e)))).rejects.toThrow(/price/);
  });
});
