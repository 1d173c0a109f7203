import type { EntityManager } from 'typeorm';
import type { Observation, PriceState, ProductState, StockState } from '../catalog/catalog.types';

/** `product-status`: status and removal, the fields a partial patch (patchProduct) writes; full product writes claim it too. */
export type FieldGroup = 'product' | 'product-status' | 'stock' | 'price';

/**
 * The ordering guard of an INSERT INTO catalog.applied AS a: the row moves on, and the INSERT returns it,
 * only when the incoming observation is newer than the one held (receipt sequence, then observation time).
 */
export const APPLY_IF_NEWER = `ON CONFLICT (integration_id, sku, field_group) DO UPDATE
  SET receipt_seq = COALESCE(EXCLUDED.receipt_seq, a.receipt_seq),
      observed_at = GREATEST(EXCLUDED.observed_at, a.observed_at),
      origin = EXCLUDED.origin, applied_at = now()
  WHERE (EXCLUDED.receipt_seq IS NULL OR a.receipt_seq IS NULL OR a.receipt_seq < EXCLUDED.receipt_seq)
    AND a.observed_at <= EXCLUDED.observed_at`;

interface ProductRow {
  tiny_id: string;
  sku: string;
  kind: ProductState['kind'];
  parent_tiny_id: string | null;
  parent_sku: string | null;
  name: string | null;
  description: string | null;
  brand: string | null;
  category_path: string[] | null;
  status: ProductState['status'];
  unit: string | null;
  gtin: string | null;
  ncm: string | null;
  net_weight_kg: string | null;
  gross_weight_kg: string | null;
  height_cm: string | null;
  width_cm: string | null;
  length_cm: string | null;
  diameter_cm: string | null;
  images: string[];
  attributes: { name: string; value: string }[];
  kit: { tinyId: string; quantity: number }[];
  removal: ProductState['removal'];
  removed_at: Date | null;
}

const num = (v: string | null): number | null => (v === null ? null : Number(v));

export function productFromRow(r: ProductRow): ProductState {
  return {
    tinyId: r.tiny_id,
    sku: r.sku,
    kind: r.kind,
    parentTinyId: r.parent_tiny_id,
    parentSku: r.parent_sku,
    name: r.name,
    description: r.description,
    brand: r.brand,
    categoryPath: r.category_path,
    status: r.status,
    unit: r.unit,
    gtin: r.gtin,
    ncm: r.ncm,
    netWeightKg: num(r.net_weight_kg),
    grossWeightKg: num(r.gross_weight_kg),
    heightCm: num(r.height_cm),
    widthCm: num(r.width_cm),
    lengthCm: num(r.length_cm),
    diameterCm: num(r.diameter_cm),
    images: r.images,
    attributes: r.attributes,
    kit: r.kit,
    removal: r.removal ?? null,
    removedAt: r.removed_at ? r.removed_at.toISOString() : null,
  };
}

/** Plain SQL over the catalog schema; every method runs in the caller's transaction. */
export class CatalogRepository {
  /**
   * The ordering guard. Records `obs` as the last applied observation of (sku, group) and returns true,
   * unless what is stored is newer: a higher receipt sequence, or a later observation time (an import
   * or reconciliation read that already saw Tiny's newer state). Takes the row lock, so concurrent
   * deliveries for one SKU serialise here.
   */
  async claim(m: EntityManager, integrationId: string, sku: string, group: FieldGroup, obs: Observation): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO catalog.applied AS a (integration_id, sku, field_group, receipt_seq, observed_at, origin)
       VALUES ($1, $2, $3, $4, $5, $6)
       ${APPLY_IF_NEWER}
       RETURNING 1`,
      [integrationId, sku, group, obs.receiptSeq, obs.observedAt, obs.origin],
    );
    return rows.length > 0;
  }

  async findProduct(m: EntityManager, integrationId: string, tinyId: string, lock = false): Promise<ProductState | null> {
    const rows: ProductRow[] = await m.query(
      `SELECT * FROM catalog.products WHERE integration_id = $1 AND tiny_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [integrationId, tinyId],
    );
    return rows[0] ? productFromRow(rows[0]) : null;
  }

  async findProductBySku(m: EntityManager, integrationId: string, sku: string): Promise<ProductState | null> {
    const rows: ProductRow[] = await m.query(
      `SELECT * FROM catalog.products WHERE integration_id = $1 AND sku = $2 ORDER BY updated_at DESC LIMIT 1`,
      [integrationId, sku],
    );
    return rows[0] ? productFromRow(rows[0]) : null;
  }

  async saveProduct(m: EntityManager, integrationId: string, tenantId: string, p: ProductState): Promise<void> {
    await m.query(
      `INSERT INTO catalog.products (integration_id, tiny_id, tenant_id, sku, kind, parent_tiny_id, parent_sku, name,
         description, brand, category_path, status, unit, gtin, ncm, net_weight_kg, gross_weight_kg, height_cm, width_cm,
         length_cm, diameter_cm, images, attributes, kit, removal, removed_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26)
       ON CONFLICT (integration_id, tiny_id) DO UPDATE SET
         sku = EXCLUDED.sku, kind = EXCLUDED.kind, parent_tiny_id = EXCLUDED.parent_tiny_id, parent_sku = EXCLUDED.parent_sku,
         name = EXCLUDED.name, description = EXCLUDED.description, brand = EXCLUDED.brand,
         category_path = EXCLUDED.category_path, status = EXCLUDED.status, unit = EXCLUDED.unit, gtin = EXCLUDED.gtin,
         ncm = EXCLUDED.ncm, net_weight_kg = EXCLUDED.net_weight_kg, gross_weight_kg = EXCLUDED.gross_weight_kg,
         height_cm = EXCLUDED.height_cm, width_cm = EXCLUDED.width_cm, length_cm = EXCLUDED.length_cm,
         diameter_cm = EXCLUDED.diameter_cm, images = EXCLUDED.images, attributes = EXCLUDED.attributes,
         kit = EXCLUDED.kit, removal = EXCLUDED.removal, removed_at = EXCLUDED.removed_at, updated_at = now()`,
      [
        integrationId, p.tinyId, tenantId, p.sku, p.kind, p.parentTinyId, p.parentSku, p.name, p.description, p.brand,
        p.categoryPath === null ? null : JSON.stringify(p.categoryPath), p.status, p.unit, p.gtin, p.ncm, p.netWeightKg,
        p.grossWeightKg, p.heightCm, p.widthCm, p.lengthCm, p.diameterCm, JSON.stringify(p.images),
        JSON.stringify(p.attributes), JSON.stringify(p.kit), p.removal ?? null, p.removal ? (p.removedAt ?? null) : null,
      ],
    );
  }

  async findStock(m: EntityManager, integrationId: string, tinyId: string): Promise<(StockState & { sku: string }) | null> {
    const rows: { sku: string; quantity: string; stock_type: 'F' | 'D'; deposits: string[] }[] = await m.query(
      `SELECT sku, quantity, stock_type, deposits FROM catalog.stock WHERE integration_id = $1 AND tiny_id = $2`,
      [integrationId, tinyId],
    );
    const r = rows[0];
    return r ? { sku: r.sku, quantity: Number(r.quantity), stockType: r.stock_type, deposits: r.deposits } : null;
  }

  async saveStock(m: EntityManager, integrationId: string, tinyId: string, sku: string, s: StockState): Promise<void> {
    await m.query(
      `INSERT INTO catalog.stock (integration_id, tiny_id, sku, quantity, stock_type, deposits)
       VALUES ($1,$2,$3,$4,$5,$6)
       ON CONFLICT (integration_id, tiny_id) DO UPDATE SET sku = EXCLUDED.sku, quantity = EXCLUDED.quantity,
         stock_type = EXCLUDED.stock_type, deposits = EXCLUDED.deposits, updated_at = now()`,
      [integrationId, tinyId, sku, s.quantity, s.stockType, JSON.stringify(s.deposits)],
    );
  }

  async findPrice(m: EntityManager, integrationId: string, tinyId: string): Promise<PriceState | null> {
    const rows: { price: string; promotional_price: string | null; price_list_id: string | null }[] = await m.query(
      `SELECT price, promotional_price, price_list_id FROM catalog.prices WHERE integration_id = $1 AND tiny_id = $2`,
      [integrationId, tinyId],
    );
    const r = rows[0];
    return r ? { price: r.price, promotionalPrice: r.promotional_price, priceListId: r.price_list_id } : null;
  }

  async savePrice(m: EntityManager, integrationId: string, tinyId: string, sku: string, p: PriceState): Promise<void> {
    await m.query(
      `INSERT INTO catalog.prices (integration_id, tiny_id, sku, price, promotional_price, price_list_id)
       VALUES ($1,$2,$3,$4,$5,$6)
       ON CONFLICT (integration_id, tiny_id) DO UPDATE SET sku = EXCLUDED.sku, price = EXCLUDED.price,
         promotional_price = EXCLUDED.promotional_price, price_list_id = EXCLUDED.price_list_id, updated_at = now()`,
      [integrationId, tinyId, sku, p.price, p.promotionalPrice, p.priceListId],
    );
  }
}
