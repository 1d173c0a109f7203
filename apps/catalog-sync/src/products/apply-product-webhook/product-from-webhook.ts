import type { TinyProdutoDados, TinyVariacao } from '@app/contracts';
import type { ProductState } from '../../catalog/catalog.types';
import { categoryPath, removalFromSituacao, statusFromSituacao } from '../../catalog/tiny-mapping';
import { toMoney } from '../../catalog/money';

const blankToNull = (s: string | undefined): string | null => (s && s.trim() !== '' ? s : null);
const dec = (s: string | undefined): number | null => {
  if (!s) return null;
  const n = Number(s);
  return Number.isFinite(n) && n !== 0 ? n : null;
};

/** The product webhook's category: the tree's descriptions from the root, else the "A >> B" text. */
export function webhookCategoryPath(d: TinyProdutoDados): string[] | null {
  if (d.descricaoArvoreCategoria) return categoryPath(d.descricaoArvoreCategoria);
  const fromTree = d.arvoreCategoria.map((c) => c.descricao ?? '').filter(Boolean);
  if (fromTree.length) return fromTree;
  return categoryPath(d.descricaoCategoria);
}

/** The product itself (parent, kit or simple) from the produto webhook's `dados`. */
export function productFromWebhook(d: TinyProdutoDados): ProductState {
  const kind = d.variacoes.length > 0 || d.classeProduto === 'V' ? 'parent' : d.classeProduto === 'K' ? 'kit' : 'simple';
  return {
    tinyId: d.id,
    sku: d.codigo || d.id,
    kind,
    parentTinyId: null,
    parentSku: null,
    name: blankToNull(d.nome),
    description: blankToNull(d.descricaoComplementar),
    brand: blankToNull(d.marca),
    categoryPath: webhookCategoryPath(d),
    status: statusFromSituacao(d.situacao),
    unit: blankToNull(d.unidade),
    gtin: blankToNull(d.gtin),
    ncm: blankToNull(d.ncm),
    netWeightKg: dec(d.pesoLiquido),
    grossWeightKg: dec(d.pesoBruto),
    heightCm: dec(d.alturaEmbalagem),
    widthCm: dec(d.larguraEmbalagem),
    lengthCm: dec(d.comprimentoEmbalagem),
    diameterCm: dec(d.diametroEmbalagem),
    images: d.anexos.map((a) => a.url),
    attributes: [],
    kit: d.kit.map((k) => ({ tinyId: k.id, quantity: Number(k.quantidade) })),
    removal: removalFromSituacao(d.situacao),
    removedAt: null,
  };
}

/**
 * A variation from the webhook. Tiny sends only SKU, GTIN, grade, prices and images per variation;
 * the rest comes from what we already had for it, or from the parent for a new one.
 */
export function variationFromWebhook(v: TinyVariacao, parent: ProductState, existing: ProductState | null): ProductState {
  const base = existing ?? { ...parent, kit: [], images: [] };
  return {
    ...base,
    tinyId: v.id,
    sku: v.codigo || v.id,
    kind: 'variation',
    parentTinyId: parent.tinyId,
    parentSku: parent.sku,
    gtin: v.gtin !== undefined ? blankToNull(v.gtin) : base.gtin,
    images: v.anexos.length ? v.anexos.map((a) => a.url) : base.images,
    attributes: v.grade.map((g) => ({ name: g.chave, value: g.valor })).sort((a, b) => a.name.localeCompare(b.name)),
    // The webhook describes the whole family: an excluded parent takes its variations along (as in Tiny),
    // and a parent that comes back brings them back with its status (the 'inactive' of the removal was ours).
    // keepStatus still leaves an existing variation's status as it was (mergeProduct).
    status: parent.removal ? 'inactive' : existing?.removal ? parent.status : base.status,
    removal: parent.removal ?? null,
    removedAt: null,
  };
}

export function webhookBasePrice(preco?: string, precoPromocional?: string): { price: string; promotionalPrice: string | null } | null {
  const price = toMoney(preco);
  if (price === null) return null;
  const promo = toMoney(precoPromocional);
  return { price, promotionalPrice: promo === '0.00' ? null : promo };
}
