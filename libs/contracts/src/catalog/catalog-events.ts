import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsNumberString,
  IsOptional,
  IsString,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IntegrationEvent, registerEvent } from '../event';

/** Who changed the catalogue in Uplaces: always the integration's dedicated user. */
export class CatalogActor {
  @IsString() @IsNotEmpty() userId!: string;
}

/** What produced the change: a Tiny webhook, the full import, or a reconciliation run. */
export const CATALOG_CHANGE_ORIGINS = ['webhook', 'import', 'reconciliation'] as const;
export type CatalogChangeOrigin = (typeof CATALOG_CHANGE_ORIGINS)[number];

export const PRODUCT_KINDS = ['simple', 'parent', 'variation', 'kit'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];

export const PRODUCT_REMOVALS = ['excluded', 'not-found'] as const;
export type ProductRemoval = (typeof PRODUCT_REMOVALS)[number];

export class VariationAttribute {
  @IsString() @IsNotEmpty() name!: string;
  @IsString() value!: string;
}

export class ProductDimensions {
  @ValidateIf((_, v) => v !== null) @IsNumber() netWeightKg!: number | null;
  @ValidateIf((_, v) => v !== null) @IsNumber() grossWeightKg!: number | null;
  @ValidateIf((_, v) => v !== null) @IsNumber() heightCm!: number | null;
  @ValidateIf((_, v) => v !== null) @IsNumber() widthCm!: number | null;
  @ValidateIf((_, v) => v !== null) @IsNumber() lengthCm!: number | null;
  @ValidateIf((_, v) => v !== null) @IsNumber() diameterCm!: number | null;
}

export class KitItem {
  @IsString() @IsNotEmpty() tinyId!: string;
  @IsNumber() quantity!: number;
}

/** Common header of every catalogue event: which SKU, why, on whose behalf. */
export class CatalogChangeData {
  @IsString() @IsNotEmpty() integrationId!: string;
  /** Tiny `codigo` of the product or variation. */
  @IsString() @IsNotEmpty() sku!: string;
  @IsString() @IsNotEmpty() tinyId!: string;
  @IsIn(CATALOG_CHANGE_ORIGINS) origin!: CatalogChangeOrigin;
  /** Gateway receipt sequence when origin = webhook, otherwise null. */
  @ValidateIf((_, v) => v !== null) @IsInt() receiptSeq!: number | null;
  @ValidateNested() @Type(() => CatalogActor) actor!: CatalogActor;
}

/**
 * Full current state of one product or variation after a change. Fields a rule keeps away from
 * the sync (ignoreCategories, ignoreBrand, keep*) carry the value Uplaces already had.
 */
export class ProductUpsertedData extends CatalogChangeData {
  @IsIn(PRODUCT_KINDS) kind!: ProductKind;
  @ValidateIf((_, v) => v !== null) @IsString() parentSku!: string | null;
  @ValidateIf((_, v) => v !== null) @IsString() parentTinyId!: string | null;
  @ValidateIf((_, v) => v !== null) @IsString() name!: string | null;
  @ValidateIf((_, v) => v !== null) @IsString() description!: string | null;
  @ValidateIf((_, v) => v !== null) @IsString() brand!: string | null;
  /** Category path from the root, e.g. ["Roupas", "Camisetas"]; null = not set / ignored. */
  @ValidateIf((_, v) => v !== null) @IsArray() @IsString({ each: true }) categoryPath!: string[] | null;
  @ValidateIf((_, v) => v !== null) @IsIn(['active', 'inactive']) status!: 'active' | 'inactive' | null;
  @ValidateIf((_, v) => v !== null) @IsString() unit!: string | null;
  @ValidateIf((_, v) => v !== null) @IsString() gtin!: string | null;
  @ValidateIf((_, v) => v !== null) @IsString() ncm!: string | null;
  @ValidateNested() @Type(() => ProductDimensions) dimensions!: ProductDimensions;
  @IsArray() @IsString({ each: true }) images!: string[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => VariationAttribute) attributes!: VariationAttribute[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => KitItem) kit!: KitItem[];
  /**
   * Set when the product no longer exists for Tiny: `excluded` (situação E, Tiny's deleted products) or
   * `not-found` (Tiny answers 32 for its id). The product keeps its last data; `status` still follows the
   * rules (keepStatus leaves it as it was), so read this field, not `status`, to stop selling it. null (or
   * absent, from publishers before this field) = it exists; a return to null means it came back in Tiny.
   */
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsIn(PRODUCT_REMOVALS) removal?: ProductRemoval | null;
  /** When catalog-sync first saw the removal (ISO 8601); null while the product exists. */
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsISO8601() removedAt?: string | null;
  /** Names of the fields that differ from the previous state (all fields on first insert; `removal` when it flips). */
  @IsArray() @IsString({ each: true }) changedFields!: string[];
}

export class CatalogProductUpsertedV1 extends IntegrationEvent<ProductUpsertedData> {
  static readonly type = 'catalog.product.upserted.v1';
  @ValidateNested() @Type(() => ProductUpsertedData) data!: ProductUpsertedData;
}
registerEvent(CatalogProductUpsertedV1);

export class StockChangedData extends CatalogChangeData {
  /** The quantity Uplaces should offer, computed under the integration's stock rules. */
  @IsNumber() quantity!: number;
  @ValidateIf((_, v) => v !== null) @IsNumber() previousQuantity!: number | null;
  /** F = physical balance, D = available (balance - reserved). */
  @IsIn(['F', 'D']) stockType!: 'F' | 'D';
  /** Deposits that were counted; empty = every deposit not marked desconsiderar. */
  @IsArray() @IsString({ each: true }) deposits!: string[];
  /** When this balance was true at Tiny (webhook acceptance or read time). */
  @IsISO8601() observedAt!: string;
}

export class CatalogStockChangedV1 extends IntegrationEvent<StockChangedData> {
  static readonly type = 'catalog.stock.changed.v1';
  @ValidateNested() @Type(() => StockChangedData) data!: StockChangedData;
}
registerEvent(CatalogStockChangedV1);

/** Decimal strings with `.` (e.g. "59.90"): money never goes through floating point. */
export class PriceChangedData extends CatalogChangeData {
  @IsNumberString() price!: string;
  @ValidateIf((_, v) => v !== null) @IsNumberString() promotionalPrice!: string | null;
  /** Tiny price list the prices come from; null = the product's base price. */
  @ValidateIf((_, v) => v !== null) @IsString() priceListId!: string | null;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsNumberString() previousPrice?: string | null;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsNumberString() previousPromotionalPrice?: string | null;
}

export class CatalogPriceChangedV1 extends IntegrationEvent<PriceChangedData> {
  static readonly type = 'catalog.price.changed.v1';
  @ValidateNested() @Type(() => PriceChangedData) data!: PriceChangedData;
}
registerEvent(CatalogPriceChangedV1);
