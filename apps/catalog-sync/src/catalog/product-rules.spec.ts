import { DEFAULT_PRODUCT_RULES, type ProductState } from './catalog.types';
import { mergePrice, mergeProduct } from './product-rules';

const base: ProductState = {
  tinyId: '1', sku: 'A-1', kind: 'simple', parentTinyId: null, parentSku: null, name: 'Camiseta', description: 'Algodão',
  brand: 'Marca', categoryPath: ['Roupas'], status: 'active', unit: 'UN', gtin: null, ncm: null, netWeightKg: null,
  grossWeightKg: null, heightCm: null, widthCm: null, lengthCm: null, diameterCm: null, images: [], attributes: [], kit: [],
};
const fromTiny: ProductState = { ...base, name: 'Camiseta Nova', description: 'Nova', brand: 'Outra', categoryPath: ['Promo'], status: 'inactive' };

describe('product rules', () => {
  it('takes every field from Tiny under the default rules and says which changed', () => {
    const { next, changed } = mergeProduct(base, fromTiny, DEFAULT_PRODUCT_RULES);
    expect(next).toEqual(fromTiny);
    expect(changed.sort()).toEqual(['brand', 'categoryPath', 'description', 'name', 'status']);
  });

  it('keeps name and description, status; ignores brand and categories when the rules say so', () => {
    const rules = { ...DEFAULT_PRODUCT_RULES, keepNameAndDescription: true, keepStatus: true, ignoreBrand: true, ignoreCategories: true };
    const { next, changed } = mergeProduct(base, fromTiny, rules);
    expect(next).toEqual(base);
    expect(changed).toEqual([]);
  });

  it('fills kept fields on a new product but never writes ignored ones', () => {
    const rules = { ...DEFAULT_PRODUCT_RULES, keepNameAndDescription: true, ignoreBrand: true, ignoreCategories: true };
    const { next } = mergeProduct(null, fromTiny, rules);
    expect(next.name).toBe('Camiseta Nova');
    expect(next.brand).toBeNull();
    expect(next.categoryPath).toBeNull();
  });

  it('keeps existing prices under keepPrices and reports no change', () => {
    const old = { price: '10.00', promotionalPrice: null, priceListId: null };
    expect(mergePrice(old, { price: '12.00', promotionalPrice: null, priceListId: null }, { keepPrices: true })).toEqual({ next: old, changed: false });
    expect(mergePrice(old, { price: '12.00', promotionalPrice: null, priceListId: null }, { keepPrices: false }).changed).toBe(true);
  });
});
