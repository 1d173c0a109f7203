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

  it('records a removal whatever the rules, leaving a kept status as it was', () => {
    const removed: ProductState = { ...base, status: 'inactive', removal: 'excluded', removedAt: null };
    const plain = mergeProduct(base, removed, DEFAULT_PRODUCT_RULES);
    expect(plain.next).toMatchObject({ status: 'inactive', removal: 'excluded' });
    expect(plain.changed).toEqual(['status', 'removal']);
    const kept = mergeProduct(base, removed, { ...DEFAULT_PRODUCT_RULES, keepStatus: true });
    expect(kept.next).toMatchObject({ status: 'active', removal: 'excluded' });
    expect(kept.changed).toEqual(['removal']);
  });

  it('announces a removal once: an already removed product keeps its first reason and time', () => {
    const stored: ProductState = { ...base, status: 'inactive', removal: 'excluded', removedAt: '2026-01-01T00:00:00.000Z' };
    const { next, changed } = mergeProduct(stored, { ...stored, removal: 'not-found', removedAt: null }, DEFAULT_PRODUCT_RULES);
    expect(next).toMatchObject({ removal: 'excluded', removedAt: '2026-01-01T00:00:00.000Z' });
    expect(changed).toEqual([]);
    const back = mergeProduct(stored, { ...base, removal: null }, DEFAULT_PRODUCT_RULES);
    expect(back.changed).toEqual(['status', 'removal']);
  });

  it('keeps existing prices under keepPrices and reports no change', () => {
    const old = { price: '10.00', promotionalPrice: null, priceListId: null };
    expect(mergePrice(old, { price: '12.00', promotionalPrice: null, priceListId: null }, { keepPrices: true })).toEqual({ next: old, changed: false });
    expect(mergePrice(old, { price: '12.00', promotionalPrice: null, priceListId: null }, { keepPrices: false }).changed).toBe(true);
  });
});
