import { PRODUCT_FIELDS, type PriceState, type ProductField, type ProductRules, type ProductState } from './catalog.types';

/**
 * Applies the integration's product rules to what Tiny says about a product. A rule leaves its field
 * exactly as it was: "keep" rules (name+description, status) only let Tiny fill the field when the
 * product is new; "ignore" rules (categories, brand) never let Tiny write it, not even on insert.
 */
export function mergeProduct(
  existing: ProductState | null,
  incoming: ProductState,
  rules: ProductRules,
): { next: ProductState; changed: (ProductField | 'removal')[] } {
  const next: ProductState = { ...incoming };
  if (rules.keepNameAndDescription && existing) {
    next.name = existing.name;
    next.description = existing.description;
  }
  if (rules.keepStatus && existing) next.status = existing.status;
  if (rules.ignoreCategories) next.categoryPath = existing ? existing.categoryPath : null;
  if (rules.ignoreBrand) next.brand = existing ? existing.brand : null;
  const changed: (ProductField | 'removal')[] = existing ? changedFields(existing, next) : [...PRODUCT_FIELDS];
  // A removal is a fact about the product's existence, not a field a rule keeps: it is always recorded,
  // once (a product already removed keeps its first reason and time, so it is not announced again).
  const wasRemoved = existing?.removal ?? null;
  const isRemoved = incoming.removal ?? null;
  if (wasRemoved && isRemoved) {
    next.removal = wasRemoved;
    next.removedAt = existing?.removedAt ?? null;
  }
  if ((wasRemoved === null) !== (isRemoved === null)) changed.push('removal');
  return { next, changed };
}

/** keepPrices leaves an existing product's prices alone; a new product still gets Tiny's. */
export function mergePrice(
  existing: PriceState | null,
  incoming: PriceState,
  rules: Pick<ProductRules, 'keepPrices'>,
): { next: PriceState; changed: boolean } {
  const next = rules.keepPrices && existing ? existing : incoming;
  const changed =
    !existing ||
    existing.price !== next.price ||
    existing.promotionalPrice !== next.promotionalPrice ||
    existing.priceListId !== next.priceListId;
  return { next, changed };
}

export function changedFields(a: ProductState, b: ProductState): ProductField[] {
  return PRODUCT_FIELDS.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]));
}
