import type { TinyProductLike } from '../tiny/catalog-tiny.port';
import type { ProductState } from './catalog.types';
import { toMoney } from './money';

/** "Roupas >> Camisetas" → ["Roupas", "Camisetas"]; empty → null. */
export function categoryPath(categoria: string | null | undefined): string[] | null {
  const parts = (categoria ?? '')
    .split('>>')
    .map((s) => s.trim())
    .filter(Boolean);
  return parts.length ? parts : null;
}

export function statusFromSituacao(situacao: string | null | undefined): 'active' | 'inactive' | null {
  const s = (situacao ?? '').trim().toUpperCase();
  if (s === 'A') return 'active';
  if (s === 'I' || s === 'E') return 'inactive';
  return null;
}

const blankToNull = (s: string | null | undefined): string | null => (s && s.trim() !== '' ? s : null);
const zeroToNull = (n: number | null | undefined): number | null => (n === null || n === undefined || n === 0 ? null : n);

export function attributesFromGrade(grade: Record<string, string> | null | undefined): { name: string; value: string }[] {
  return Object.entries(grade ?? {})
    .map(([name, value]) => ({ name, value: String(value) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * produto.obter → our product state. A variation's attributes come from its parent's `variacoes[].grade`
 * (Tiny does not repeat them on the variation), passed in by the caller.
 */
export function productFromTiny(
  p: TinyProductLike,
  parent?: { tinyId: string; sku: string; grade: Record<string, string> | null },
): ProductState {
  // tipoVariacao decides (Tiny marks variations with classe_produto V too); the rest is a fallback.
  const isVariation = p.tipoVariacao === 'V' || (p.tipoVariacao !== 'P' && p.idProdutoPai !== null && p.idProdutoPai !== 0);
  const isParent = !isVariation && (p.tipoVariacao === 'P' || p.variacoes.length > 0);
  const kind = isParent ? 'parent' : isVariation ? 'variation' : p.classe_produto === 'K' ? 'kit' : 'simple';
  return {
    tinyId: String(p.id),
    sku: p.codigo,
    kind,
    parentTinyId: isVariation ? (parent?.tinyId ?? (p.idProdutoPai ? String(p.idProdutoPai) : null)) : null,
    parentSku: isVariation ? (parent?.sku ?? null) : null,
    name: blankToNull(p.nome),
    description: blankToNull(p.descricao_complementar),
    brand: blankToNull(p.marca),
    categoryPath: categoryPath(p.categoria),
    status: statusFromSituacao(p.situacao),
    unit: blankToNull(p.unidade),
    gtin: blankToNull(p.gtin),
    ncm: blankToNull(p.ncm),
    netWeightKg: zeroToNull(p.peso_liquido),
    grossWeightKg: zeroToNull(p.peso_bruto),
    heightCm: zeroToNull(p.alturaEmbalagem),
    widthCm: zeroToNull(p.larguraEmbalagem),
    lengthCm: zeroToNull(p.comprimentoEmbalagem),
    diameterCm: zeroToNull(p.diametroEmbalagem),
    images: [...p.anexos, ...p.imagens_externas],
    attributes: isVariation ? attributesFromGrade(parent?.grade) : [],
    kit: p.kit.map((k) => ({ tinyId: String(k.id_produto), quantity: k.quantidade })),
    removal: removalFromSituacao(p.situacao),
    removedAt: null,
  };
}

/** Tiny's situação E (excluído): the product was deleted in Tiny (it stays readable there as excluded). */
export function removalFromSituacao(situacao: string | null | undefined): 'excluded' | null {
  return (situacao ?? '').trim().toUpperCase() === 'E' ? 'excluded' : null;
}

/** Base prices from produto.obter (or a search row). */
export function basePrice(p: { preco: number; preco_promocional: number }): { price: string; promotionalPrice: string | null } {
  const promo = toMoney(p.preco_promocional);
  return { price: toMoney(p.preco) ?? '0.00', promotionalPrice: promo === '0.00' ? null : promo };
}
