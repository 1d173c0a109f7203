import { SearchIndex } from './search-index';

describe('SearchIndex', () => {
  it('finds substrings ignoring case and accents, once per record, in order, and follows invalidation', () => {
    const items = [{ k: 'SKU-1 Café Torrado' }, { k: 'SKU-2 Camiseta cafe cafe' }, { k: 'SKU-3 Toalha' }];
    const idx = new SearchIndex(() => items, (i) => i.k);
    expect(idx.find('CAFÉ').map((i) => i.k)).toEqual(['SKU-1 Café Torrado', 'SKU-2 Camiseta cafe cafe']);
    expect(idx.find('sku-3')).toEqual([items[2]]);
    expect(idx.find('nada')).toEqual([]);
    expect(idx.find('')).toHaveLength(3);
    items.push({ k: 'SKU-4 Café' });
    expect(idx.find('cafe')).toHaveLength(2); // stale until invalidated
    idx.invalidate();
    expect(idx.find('cafe')).toHaveLength(3);
  });
});
