import { createEvent, validateEvent } from '../event';
import { CatalogPriceChangedV1, CatalogStockChangedV1 } from './catalog-events';

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

  it('rejects a price change whose price is not a decimal string', async () => {
    const e = createEvent(CatalogPriceChangedV1, {
      source: 'catalog-sync',
      tenantId: 't1',
      data: { ...header, price: 'cheap', promotionalPrice: null, priceListId: null },
    });
    await expect(validateEvent(CatalogPriceChangedV1, JSON.parse(JSON.stringify(e)))).rejects.toThrow(/price/);
  });
});
