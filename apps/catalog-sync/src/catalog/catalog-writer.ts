import {
  CatalogPriceChangedV1,
  CatalogProductUpsertedV1,
  CatalogStockChangedV1,
  createEvent,
  type IntegrationEvent,
} from '@app/contracts';
import type { EntityManager } from 'typeorm';
import { CatalogRepository } from '../database/catalog.repository';
import type { IntegrationReplica } from '../integrations/replica/integration-replica';
import type { Observation, PriceState, ProductState, StockState } from './catalog.types';
import { mergePrice, mergeProduct } from './product-rules';

export const SERVICE = 'catalog-sync';

/** What an apply did: the events to put in the outbox (empty when nothing changed) and whether it was stale. */
export interface ApplyOutcome {
  events: IntegrationEvent[];
  stale: boolean;
}

/**
 * The one place that writes the catalogue, used by webhooks, the import and reconciliation alike:
 * ordering guard → product rules → write → an event only when something actually changed.
 * Runs inside the caller's transaction; the caller adds the events to the outbox in that transaction.
 */
export class CatalogWriter {
  constructor(private readonly repo = new CatalogRepository()) {}

  async applyProduct(m: EntityManager, integration: IntegrationReplica, incoming: ProductState, obs: Observation): Promise<ApplyOutcome> {
    if (!(await this.repo.claim(m, integration.integrationId, incoming.sku, 'product', obs))) return { events: [], stale: true };
    const existing = await this.repo.findProduct(m, integration.integrationId, incoming.tinyId, true);
    // Status and removal also have their own guard, the one patchProduct claims: a partial patch observed
    // after this update keeps them, and the rest of this update still applies.
    const statusCurrent = await this.repo.claim(m, integration.integrationId, incoming.sku, 'product-status', obs);
    const next = statusCurrent || !existing
      ? incoming
      : { ...incoming, status: existing.status, removal: existing.removal ?? null, removedAt: existing.removedAt ?? null };
    return this.writeProduct(m, integration, existing, next, obs);
  }

  /**
   * Changes some fields of a product we already have (a search row's status, a removal seen by a read),
   * under the same rules; the rest stays as stored. Nothing happens for a product we do not have.
   * It claims only the `product-status` guard (the fields it writes), never the whole `product` group: a
   * fuller update observed earlier but delivered later (a queued produto webhook) must still apply its
   * name, description, images… (applyProduct then keeps the patched status and removal).
   */
  async patchProduct(
    m: EntityManager,
    integration: IntegrationReplica,
    target: { tinyId: string; sku: string },
    patch: Partial<Pick<ProductState, 'status' | 'removal'>>,
    obs: Observation,
  ): Promise<ApplyOutcome> {
    if (!(await this.repo.claim(m, integration.integrationId, target.sku, 'product-status', obs))) return { events: [], stale: true };
    const existing = await this.repo.findProduct(m, integration.integrationId, target.tinyId, true);
    if (!existing) return { events: [], stale: false };
    return this.writeProduct(m, integration, existing, { ...existing, ...patch }, obs);
  }

  private async writeProduct(
    m: EntityManager,
    integration: IntegrationReplica,
    existing: ProductState | null,
    incoming: ProductState,
    obs: Observation,
  ): Promise<ApplyOutcome> {
    const { next, changed } = mergeProduct(existing, incoming, integration.rules);
    if (changed.length === 0) return { events: [], stale: false };
    next.removal = next.removal ?? null;
    next.removedAt = next.removal ? (next.removedAt ?? obs.observedAt.toISOString()) : null;
    await this.repo.saveProduct(m, integration.integrationId, integration.tenantId, next);
    const event = createEvent(CatalogProductUpsertedV1, {
      source: SERVICE,
      tenantId: integration.tenantId,
      integrationId: integration.integrationId,
      data: {
        ...header(integration, next.sku, next.tinyId, obs),
        kind: next.kind,
        parentSku: next.parentSku,
        parentTinyId: next.parentTinyId,
        name: next.name,
        description: next.description,
        brand: next.brand,
        categoryPath: next.categoryPath,
        status: next.status,
        unit: next.unit,
        gtin: next.gtin,
        ncm: next.ncm,
        dimensions: {
          netWeightKg: next.netWeightKg,
          grossWeightKg: next.grossWeightKg,
          heightCm: next.heightCm,
          widthCm: next.widthCm,
          lengthCm: next.lengthCm,
          diameterCm: next.diameterCm,
        },
        images: next.images,
        attributes: next.attributes,
        kit: next.kit,
        removal: next.removal,
        removedAt: next.removedAt,
        changedFields: changed,
      },
    });
    return { events: [event], stale: false };
  }

  async applyStock(
    m: EntityManager,
    integration: IntegrationReplica,
    target: { tinyId: string; sku: string },
    stock: StockState,
    obs: Observation,
  ): Promise<ApplyOutcome & { previous: number | null; changed: boolean }> {
    if (!(await this.repo.claim(m, integration.integrationId, target.sku, 'stock', obs))) {
      return { events: [], stale: true, previous: null, changed: false };
    }
    const existing = await this.repo.findStock(m, integration.integrationId, target.tinyId);
    const changed =
      !existing ||
      existing.quantity !== stock.quantity ||
      existing.stockType !== stock.stockType ||
      JSON.stringify(existing.deposits) !== JSON.stringify(stock.deposits) ||
      existing.sku !== target.sku;
    if (!changed) return { events: [], stale: false, previous: existing.quantity, changed: false };
    await this.repo.saveStock(m, integration.integrationId, target.tinyId, target.sku, stock);
    if (existing && existing.quantity === stock.quantity) return { events: [], stale: false, previous: existing.quantity, changed: true };
    const event = stockChangedEvent(integration, target, stock, obs, existing ? existing.quantity : null);
    return { events: [event], stale: false, previous: existing ? existing.quantity : null, changed: true };
  }

  async applyPrice(
    m: EntityManager,
    integration: IntegrationReplica,
    target: { tinyId: string; sku: string },
    incoming: PriceState,
    obs: Observation,
  ): Promise<ApplyOutcome> {
    if (!(await this.repo.claim(m, integration.integrationId, target.sku, 'price', obs))) return { events: [], stale: true };
    const existing = await this.repo.findPrice(m, integration.integrationId, target.tinyId);
    const { next, changed } = mergePrice(existing, incoming, integration.rules);
    if (!changed) return { events: [], stale: false };
    await this.repo.savePrice(m, integration.integrationId, target.tinyId, target.sku, next);
    const event = createEvent(CatalogPriceChangedV1, {
      source: SERVICE,
      tenantId: integration.tenantId,
      integrationId: integration.integrationId,
      data: {
        ...header(integration, target.sku, target.tinyId, obs),
        price: next.price,
        promotionalPrice: next.promotionalPrice,
        priceListId: next.priceListId,
        previousPrice: existing?.price ?? null,
        previousPromotionalPrice: existing?.promotionalPrice ?? null,
      },
    });
    return { events: [event], stale: false };
  }
}

/** catalog.stock.changed.v1 for a written balance (shared by applyStock and the batched webhook path). */
export function stockChangedEvent(
  integration: IntegrationReplica,
  target: { tinyId: string; sku: string },
  stock: StockState,
  obs: Observation,
  previousQuantity: number | null,
): CatalogStockChangedV1 {
  return createEvent(CatalogStockChangedV1, {
    source: SERVICE,
    tenantId: integration.tenantId,
    integrationId: integration.integrationId,
    data: {
      ...header(integration, target.sku, target.tinyId, obs),
      quantity: stock.quantity,
      previousQuantity,
      stockType: stock.stockType,
      deposits: stock.deposits,
      observedAt: obs.observedAt.toISOString(),
    },
  });
}

function header(integration: IntegrationReplica, sku: string, tinyId: string, obs: Observation) {
  return {
    integrationId: integration.integrationId,
    sku,
    tinyId,
    origin: obs.origin,
    receiptSeq: obs.receiptSeq,
    actor: { userId: integration.integrationUserId },
  };
}
