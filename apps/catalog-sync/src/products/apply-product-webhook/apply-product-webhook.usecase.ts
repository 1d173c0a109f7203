import { Injectable } from '@nestjs/common';
import type { IntegrationEvent, TinyProdutoReceivedV1 } from '@app/contracts';
import type { Observation, PriceState } from '../../catalog/catalog.types';
import { CatalogDeps } from '../../shared/catalog-deps';
import { exceptionFor, loadPriceList, priceUnderList } from '../../prices/price-list-pricing';
import { productFromWebhook, variationFromWebhook, webhookBasePrice } from './product-from-webhook';

export const CONSUMER = 'apply-product-webhook';

/**
 * Applies Tiny's "envio de produtos" webhook: the product and each of its variations, with their base
 * prices, under the product rules and the receipt-sequence guard (per SKU, per field group).
 * The webhook carries everything needed, so no Tiny call is made unless a price list rule is set.
 */
@Injectable()
export class ApplyProductWebhook {
  constructor(private readonly deps: CatalogDeps) {}

  async execute(event: TinyProdutoReceivedV1): Promise<{ events: number } | 'duplicate' | 'ignored'> {
    const { deps } = this;
    const integration = await deps.integration(event.integrationId);
    if (!integration) throw new Error(`integration ${event.integrationId ?? '(none)'} not in the local replica yet`);
    if (integration.deleted) return 'ignored';
    const d = event.data.dados;
    const parent = productFromWebhook(d);

    // Prices per SKU, computed before the transaction (a price list needs Tiny calls).
    const bases = [
      { tinyId: parent.tinyId, base: webhookBasePrice(d.preco, d.precoPromocional) },
      ...d.variacoes.map((v) => ({ tinyId: v.id, base: webhookBasePrice(v.preco, v.precoPromocional) })),
    ];
    const prices = new Map<string, PriceState>();
    const listId = integration.rules.priceListId;
    if (listId && !integration.rules.keepPrices) {
      const tiny = await deps.tiny.forIntegration(integration.integrationId);
      const view = await loadPriceList(tiny, listId, { priority: 'order', withExceptions: false });
      for (const b of bases) {
        if (!b.base) continue;
        const ex = await exceptionFor(tiny, listId, view, b.tinyId, { priority: 'order' });
        prices.set(b.tinyId, priceUnderList(b.base, listId, view, ex));
      }
    } else {
      for (const b of bases) if (b.base) prices.set(b.tinyId, { ...b.base, priceListId: null });
    }

    return deps.dataSource.transaction(async (m) => {
      if (!(await deps.inbox.claim(m, CONSUMER, event.id))) return 'duplicate';
      const obs: Observation = { origin: 'webhook', receiptSeq: event.data.receiptSeq, observedAt: new Date(event.data.receivedAt) };
      const events: IntegrationEvent[] = [];
      const parentOut = await deps.writer.applyProduct(m, integration, parent, obs);
      events.push(...parentOut.events);
      // Variations inherit from the parent as stored (after rules), not from the raw webhook.
      const storedParent = (await deps.repo.findProduct(m, integration.integrationId, parent.tinyId)) ?? parent;
      for (const v of d.variacoes) {
        const existing = await deps.repo.findProduct(m, integration.integrationId, v.id);
        const out = await deps.writer.applyProduct(m, integration, variationFromWebhook(v, storedParent, existing), obs);
        events.push(...out.events);
      }
      const skus = new Map([[parent.tinyId, parent.sku], ...d.variacoes.map((v) => [v.id, v.codigo || v.id] as const)]);
      for (const [tinyId, price] of prices) {
        const out = await deps.writer.applyPrice(m, integration, { tinyId, sku: skus.get(tinyId) ?? tinyId }, price, obs);
        events.push(...out.events);
      }
      if (events.length) await deps.outbox.add(m, ...events);
      return { events: events.length };
    });
  }
}
