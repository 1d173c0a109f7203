import { applyPercentage, toMoney } from '../catalog/money';
import type { PriceState } from '../catalog/catalog.types';
import type { CallOptions, CatalogTiny } from '../tiny/catalog-tiny.port';

export interface PriceListView {
  percent: number;
  /** Per-product exceptions by Tiny id, when loaded in bulk (import); undefined = look each one up. */
  exceptions?: Map<string, { preco: number; preco_promocional?: number }>;
}

/**
 * Prices under the integration's price list (rules.priceListId), the way Tiny computes them for
 * produtos.pesquisa?idListaPreco: a per-product exception when there is one, else the list's
 * percentage applied to the base price and to the promotional price.
 */
export function priceUnderList(
  base: { price: string; promotionalPrice: string | null },
  listId: string | null,
  view: PriceListView | null,
  exception: { preco: number; preco_promocional?: number } | null,
): PriceState {
  if (!listId || !view) return { ...base, priceListId: null };
  if (exception) {
    const promo = toMoney(exception.preco_promocional ?? 0);
    return { price: toMoney(exception.preco) ?? '0.00', promotionalPrice: promo === '0.00' ? null : promo, priceListId: listId };
  }
  const promo = base.promotionalPrice === null ? null : applyPercentage(base.promotionalPrice, view.percent);
  return { price: applyPercentage(base.price, view.percent), promotionalPrice: promo === '0.00' ? null : promo, priceListId: listId };
}

/** Reads a price list's percentage (and optionally all its exceptions) from Tiny. */
export async function loadPriceList(
  tiny: CatalogTiny,
  listId: string,
  options: CallOptions & { withExceptions: boolean },
): Promise<PriceListView> {
  let percent: number | null = null;
  for (let pagina = 1; percent === null; pagina++) {
    const page = await tiny.searchPriceLists({ pagina }, options);
    const hit = page.registros.find((r) => String(r.id) === listId);
    if (hit) percent = hit.acrescimo_desconto;
    else if (pagina >= page.numero_paginas) throw new Error(`Price list ${listId} not found in Tiny`);
  }
  if (!options.withExceptions) return { percent };
  const exceptions = new Map<string, { preco: number; preco_promocional?: number }>();
  for (let pagina = 1; ; pagina++) {
    const page = await tiny.getPriceListExceptions({ idListaPreco: Number(listId), pagina }, options);
    for (const r of page.registros) exceptions.set(String(r.id_produto), r);
    if (pagina >= page.numero_paginas) break;
  }
  return { percent, exceptions };
}

/** The exception of one product, from the bulk map or one Tiny call. */
export async function exceptionFor(
  tiny: CatalogTiny,
  listId: string,
  view: PriceListView,
  tinyId: string,
  options: CallOptions,
): Promise<{ preco: number; preco_promocional?: number } | null> {
  if (view.exceptions) return view.exceptions.get(tinyId) ?? null;
  const page = await tiny.getPriceListExceptions({ idListaPreco: Number(listId), idProduto: Number(tinyId) }, options);
  return page.registros.find((r) => String(r.id_produto) === tinyId) ?? null;
}
