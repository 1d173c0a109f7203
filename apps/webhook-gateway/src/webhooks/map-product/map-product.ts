import type { TinyProdutoDados, TinyProdutoMapping } from '@app/contracts';

export const NO_SKU_PRODUCT = 'Produto sem código (SKU) no Tiny: informe o código do produto para enviá-lo ao Uplaces.';
export const NO_SKU_VARIATION = 'Variação sem código (SKU) no Tiny: informe o código da variação para enviá-la ao Uplaces.';
export const DUPLICATE_SKU = 'Código (SKU) repetido em outra variação deste produto: use códigos diferentes.';

/** What Tiny expects back from the produto webhook: one entry per product/variation. */
export type TinyMappingAnswer = { idMapeamento: string; skuMapeamento: string } | { idMapeamento: string; error: string };

/**
 * Decides our SKU for the product and each variation: Tiny's `codigo`, or Tiny's id when the
 * integration's rules.products.skuMapping is 'id'. An entry that cannot be mapped carries a pt-BR
 * error Tiny shows to the ERP user. Pure: the same dados and rule always give the same answer.
 */
export function mapProduct(dados: TinyProdutoDados, skuMapping: 'codigo' | 'id'): TinyProdutoMapping[] {
  const seen = new Set<string>();
  const entry = (tinyId: string, parentTinyId: string | null, idMapeamento: string, codigo: string | undefined, noSku: string): TinyProdutoMapping => {
    const sku = (skuMapping === 'id' ? tinyId : (codigo ?? '')).trim();
    if (!sku) return { tinyId, parentTinyId, idMapeamento, skuMapeamento: null, error: noSku };
    if (seen.has(sku)) return { tinyId, parentTinyId, idMapeamento, skuMapeamento: null, error: DUPLICATE_SKU };
    seen.add(sku);
    return { tinyId, parentTinyId, idMapeamento, skuMapeamento: sku, error: null };
  };
  return [
    entry(dados.id, null, dados.idMapeamento, dados.codigo, NO_SKU_PRODUCT),
    ...(dados.variacoes ?? []).map((v) => entry(v.id, dados.id, v.idMapeamento, v.codigo, NO_SKU_VARIATION)),
  ];
}

/** The body answered to Tiny: a bare array (what Tiny is known to accept, tiny-api.md §5.2 (c)). */
export function toTinyAnswer(mappings: TinyProdutoMapping[]): TinyMappingAnswer[] {
  return mappings.map((m) =>
    m.skuMapeamento !== null ? { idMapeamento: m.idMapeamento, skuMapeamento: m.skuMapeamento } : { idMapeamento: m.idMapeamento, error: m.error ?? '' },
  );
}
