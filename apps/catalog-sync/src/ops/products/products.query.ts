import { Injectable } from '@nestjs/common';
import { productFromRow } from '../../database/catalog.repository';
import { CatalogDeps } from '../../shared/catalog-deps';

export interface ProductFilter {
  integrationId: string;
  sku?: string;
  tinyId?: string;
  status?: string;
  kind?: string;
  parentTinyId?: string;
  /** Text in name or SKU. */
  q?: string;
  limit: number;
  offset: number;
}

export interface ProductView {
  integrationId: string;
  tinyId: string;
  sku: string;
  product: ReturnType<typeof productFromRow>;
  stock: { quantity: number; stockType: string; deposits: string[]; updatedAt: Date } | null;
  price: { price: string; promotionalPrice: string | null; priceListId: string | null; updatedAt: Date } | null;
  updatedAt: Date;
}

interface Row {
  [k: string]: unknown;
  tiny_id: string;
  sku: string;
  updated_at: Date;
  s_quantity: string | null;
  s_stock_type: string | null;
  s_deposits: string[] | null;
  s_updated_at: Date | null;
  p_price: string | null;
  p_promotional_price: string | null;
  p_price_list_id: string | null;
  p_updated_at: Date | null;
}

/** Read side of the ops API: products with their stock and prices. */
@Injectable()
export class ProductsQuery {
  constructor(private readonly deps: CatalogDeps) {}

  async list(f: ProductFilter): Promise<{ items: ProductView[]; total: number }> {
    const where = [`p.integration_id = $1`];
    const params: unknown[] = [f.integrationId];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace(/\?/g, `$${params.length}`));
    };
    if (f.sku) add('p.sku = ?', f.sku);
    if (f.tinyId) add('p.tiny_id = ?', f.tinyId);
    if (f.status) add('p.status = ?', f.status);
    if (f.kind) add('p.kind = ?', f.kind);
    if (f.parentTinyId) add('p.parent_tiny_id = ?', f.parentTinyId);
    if (f.q) add(`(p.name ILIKE '%' || ? || '%' OR p.sku ILIKE '%' || ? || '%')`, f.q);
    const whereSql = where.join(' AND ');
    const totalRows: { n: string }[] = await this.deps.dataSource.query(`SELECT count(*) AS n FROM catalog.products p WHERE ${whereSql}`, params);
    const rows: Row[] = await this.deps.dataSource.query(
      `SELECT p.*, s.quantity AS s_quantity, s.stock_type AS s_stock_type, s.deposits AS s_deposits, s.updated_at AS s_updated_at,
              pr.price AS p_price, pr.promotional_price AS p_promotional_price, pr.price_list_id AS p_price_list_id,
              pr.updated_at AS p_updated_at
       FROM catalog.products p
       LEFT JOIN catalog.stock s ON s.integration_id = p.integration_id AND s.tiny_id = p.tiny_id
       LEFT JOIN catalog.prices pr ON pr.integration_id = p.integration_id AND pr.tiny_id = p.tiny_id
       WHERE ${whereSql}
       ORDER BY p.sku, p.tiny_id
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, f.limit, f.offset],
    );
    return { items: rows.map((r) => view(f.integrationId, r)), total: Number(totalRows[0].n) };
  }
}

function view(integrationId: string, r: Row): ProductView {
  return {
    integrationId,
    tinyId: r.tiny_id,
    sku: r.sku,
    product: productFromRow(r as unknown as Parameters<typeof productFromRow>[0]),
    stock:
      r.s_quantity === null
        ? null
        : { quantity: Number(r.s_quantity), stockType: r.s_stock_type ?? '', deposits: r.s_deposits ?? [], updatedAt: r.s_updated_at as Date },
    price:
      r.p_price === null
        ? null
        : { price: r.p_price, promotionalPrice: r.p_promotional_price, priceListId: r.p_price_list_id, updatedAt: r.p_updated_at as Date },
    updatedAt: r.updated_at,
  };
}
