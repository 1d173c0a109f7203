import { Account, resolveSettings } from '../accounts/account';
import { findCity } from './cities';
import { seedAccount } from './seed';

const noHooks = { stockChanged: () => undefined, priceChanged: () => undefined };

function seeded(token: string, products: number, seed: number | string = 1): Account {
  const acc = new Account(resolveSettings({ token, products }, { windowMs: 60_000, seed }), noHooks);
  seedAccount(acc);
  return acc;
}

describe('seeded data', () => {
  it('is deterministic per seed; ids differ per token, SKUs do not', () => {
    const a = seeded('tok-a', 200);
    const b = seeded('tok-b', 200);
    const c = seeded('tok-c', 200, 2);
    expect(a.products.map((p) => p.codigo)).toEqual(b.products.map((p) => p.codigo));
    expect(a.products.map((p) => p.preco)).toEqual(b.products.map((p) => p.preco));
    expect(a.products[0].id).not.toBe(b.products[0].id);
    expect(c.products.map((p) => p.nome)).not.toEqual(a.products.map((p) => p.nome));
  });

  it('has the documented shapes: simple, variations (P/V with grade), kit (K), inactive, deposits, categories', () => {
    const acc = seeded('tok-shape', 300);
    const [first, parent] = acc.products;
    expect(first).toMatchObject({ codigo: 'SKU-000001', tipoVariacao: 'N', classe: 'S', situacao: 'A', reserved: 2 });
    expect(parent).toMatchObject({ codigo: 'VAR-000002', tipoVariacao: 'P', classe: 'V' });
    expect(parent.variationIds).toHaveLength(3);
    const child = acc.productById.get(parent.variationIds[0])!;
    expect(child).toMatchObject({ tipoVariacao: 'V', parentId: parent.id });
    expect(Object.keys(child.grade ?? {})).toEqual(['Cor', 'Tamanho']);
    expect(acc.productBySku.get('KIT-000003')?.kit).toEqual([{ id: first.id, quantidade: 2 }]);
    expect(acc.productBySku.get('SKU-000004')?.situacao).toBe('I');
    expect(acc.products.some((p) => p.deposits.some((d) => d.desconsiderar === 'S'))).toBe(true);
    expect(acc.products.some((p) => p.reserved === null)).toBe(true);
    expect(acc.products.every((p) => p.categoria.includes(' >> '))).toBe(true);
    expect(new Set(acc.products.map((p) => p.codigo)).size).toBe(300);
    expect(acc.sellers.map((s) => s.nome)).toEqual(['Ana Souza', 'Bruno Lima', 'Carla Mendes', 'Diego Rocha', 'Elisa Prado']);
    expect(acc.contacts.every((c) => findCity(c.cidade, c.uf))).toBe(true);
  });

  it('builds 10,000 products quickly', () => {
    const t0 = Date.now();
    const acc = seeded('tok-big', 10_000);
    expect(acc.products).toHaveLength(10_000);
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});
