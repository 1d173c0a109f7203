import { Injectable } from '@nestjs/common';
import type { TinyPrecosReceivedV1 } from '@app/contracts';
import { NonRetryableError } from '@app/messaging';
import type { Observation } from '../../catalog/catalog.types';
import { toMoney } from '../../catalog/money';
import { CatalogDeps } from '../../shared/catalog-deps';
import type { IntegrationReplica } from '../../integrations/replica/integration-replica';
import { exceptionFor, loadPriceList, priceUnderList, type PriceListView } from '../price-list-pricing';

export const CONSUMER = 'apply-price-webhook';
const LIST_TTL_MS = 5 * 60_000;

/**
 * Applies a Tiny price webhook. The webhook names the product by our mapped SKU only: the Tiny id under
 * skuMapping 'id', else the Tiny codigo, looked up locally (or, for a product we have not imported yet,
 * with one produtos.pesquisa). Under a price list rule the list's price is computed (exception or percentage).
 */
@Injectable()
export class ApplyPriceWebhook {
  private readonly lists = new Map<string, { view: PriceListView; at: number }>();

  constructor(private readonly deps: CatalogDeps) {}

  async execute(event: TinyPrecosReceivedV1): Promise<'applied' | 'unchanged' | 'stale' | 'duplicate' | 'ignored'> {
    const { deps } = this;
    const integration = await deps.integration(event.integrationId);
    if (!integration) throw new Error(`integration ${event.integrationId ?? '(none)'} not in the local replica yet`);
    if (integration.deleted) return 'ignored';
    const d = event.data.dados;
    const target = await this.resolve(integration, d.skuMapeamento, d.codigo);

    const promo = d.precoPromocional ? toMoney(d.precoPromocional) : null;
    const base = { price: toMoney(d.preco) ?? '0.00', promotionalPrice: promo === '0.00' ? null : promo };
    const listId = integration.rules.priceListId;
    let view: PriceListView | null = null;
    let exception: { preco: number; preco_promocional?: number } | null = null;
    if (listId && !integration.rules.keepPrices) {
      const tiny = await deps.tiny.forIntegration(integration.integrationId);
      view = await this.list(integration, listId);
      exception = await exceptionFor(tiny, listId, view, target.tinyId, { priority: 'order' });
    }
    const price = priceUnderList(base, listId, view, exception);

    return deps.dataSource.transaction(async (m) => {
      if (!(await deps.inbox.claim(m, CONSUMER, event.id))) return 'duplicate';
      const obs: Observation = { origin: 'webhook', receiptSeq: event.data.receiptSeq, observedAt: new Date(event.data.receivedAt) };
      const out = await deps.writer.applyPrice(m, integration, target, price, obs);
      if (out.events.length) await deps.outbox.add(m, ...out.events);
      return out.stale ? 'stale' : out.events.length ? 'applied' : 'unchanged';
    });
  }

  private async resolve(integration: IntegrationReplica, skuMapeamento: string, codigo?: string): Promise<{ tinyId: string; sku: string }> {
    const { deps } = this;
    if (integration.rules.skuMapping === 'id') {
      const p = await deps.repo.findProduct(deps.dataSource.manager, integration.integrationId, skuMapeamento);
      if (p) return { tinyId: p.tinyId, sku: p.sku };
      if (codigo) return { tinyId: skuMapeamento, sku: codigo };
    }
    const sku = codigo || skuMapeamento;
    const local = await deps.repo.findProductBySku(deps.dataSource.manager, integration.integrationId, sku);
    if (local) return { tinyId: local.tinyId, sku: local.sku };
    const tiny = await deps.tiny.forIntegration(integration.integrationId);
    const found = await tiny.searchProducts({ pesquisa: sku }, { priority: 'order' });
    const hit = found.produtos.find((p) => p.codigo === sku);
    if (!hit) throw new NonRetryableError(`price webhook for SKU ${sku}: no such product in Tiny`);
    return { tinyId: String(hit.id), sku };
  }

  private async list(integration: IntegrationReplica, listId: string): Promise<PriceListView> {
    const key = `${integration.integrationId}:${listId}`;
    const cached = this.lists.get(key);
    if (cached && Date.now() - cached.at < LIST_TTL_MS) return cached.view;
    const tiny = await this.deps.tiny.forIntegration(integration.integrationId);
    const view = await loadPriceList(tiny, listId, { priority: 'order', withExceptions: false });
    this.lists.set(key, { view, at: Date.now() });
    return view;
  }
}
