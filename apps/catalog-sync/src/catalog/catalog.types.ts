import type { ProductKind } from '@app/contracts';

/** The product rules of one integration (config.integration.changed.v1 → rules.products). */
export interface ProductRules {
  ignoreCategories: boolean;
  keepNameAndDescription: boolean;
  keepStatus: boolean;
  ignoreBrand: boolean;
  keepPrices: boolean;
  stockType: 'F' | 'D';
  deposits: string[];
  priceListId: string | null;
  skuMapping: 'codigo' | 'id';
}

export const DEFAULT_PRODUCT_RULES: ProductRules = {
  ignoreCategories: false,
  keepNameAndDescription: false,
  keepStatus: false,
  ignoreBrand: false,
  keepPrices: false,
  stockType: 'D',
  deposits: [],
  priceListId: null,
  skuMapping: 'codigo',
};

/** What we keep of one Tiny product or variation (one row of catalog.products). */
export interface ProductState {
  tinyId: string;
  sku: string;
  kind: ProductKind;
  parentTinyId: string | null;
  parentSku: string | null;
  name: string | null;
  description: string | null;
  brand: string | null;
  categoryPath: string[] | null;
  status: 'active' | 'inactive' | null;
  unit: string | null;
  gtin: string | null;
  ncm: string | null;
  netWeightKg: number | null;
  grossWeightKg: number | null;
  heightCm: number | null;
  widthCm: number | null;
  lengthCm: number | null;
  diameterCm: number | null;
  images: string[];
  attributes: { name: string; value: string }[];
  kit: { tinyId: string; quantity: number }[];
  /**
   * Set when the product no longer exists for Tiny: excluded there (situação E) or gone (code 32). The row
   * and its history stay; absent/null = it exists. Not a field the product rules govern.
   */
  removal?: ProductRemoval | null;
  /** When we first learned of the removal (the observation time); null while it exists. */
  removedAt?: string | null;
}

export type ProductRemoval = 'excluded' | 'not-found';

export type ProductField = Exclude<keyof ProductState, 'tinyId' | 'removal' | 'removedAt'>;

export const PRODUCT_FIELDS: ProductField[] = [
  'sku', 'kind', 'parentTinyId', 'parentSku', 'name', 'description', 'brand', 'categoryPath', 'status', 'unit',
  'gtin', 'ncm', 'netWeightKg', 'grossWeightKg', 'heightCm', 'widthCm', 'lengthCm', 'diameterCm', 'images',
  'attributes', 'kit',
];

/** Prices as decimal strings with two places ("59.90"). */
export interface PriceState {
  price: string;
  promotionalPrice: string | null;
  priceListId: string | null;
}

/** A stock reading as Tiny reports it (produto.obter.estoque / lista.atualizacoes.estoque). */
export interface StockReading {
  saldo: number;
  saldoReservado: number;
  depositos: { nome: string; desconsiderar: string; saldo: number }[];
}

export interface StockState {
  /** What Uplaces offers, under the rules. */
  quantity: number;
  stockType: 'F' | 'D';
  /** Counted deposits; empty = all not marked desconsiderar (or unknown, from a webhook). */
  deposits: string[];
}

/** Where a value came from and when it was true at Tiny: the ordering guard compares these. */
export interface Observation {
  origin: 'webhook' | 'import' | 'reconciliation';
  /** Gateway receipt sequence (webhooks only). */
  receiptSeq: number | null;
  /** Webhook: gateway acceptance time. Import/reconcile: when the read was sent to Tiny. */
  observedAt: Date;
}
