import { Injectable } from '@nestjs/common';
import type { TinyEstoqueReceivedV1 } from '@app/contracts';
import { NonRetryableError } from '@app/messaging';
import type { Observation, StockState } from '../../catalog/catalog.types';
import { toQuantity } from '../../catalog/money';
import { stockFromReading, webhookBalanceUsable } from '../../catalog/stock-rules';
import { CatalogDeps } from '../../shared/catalog-deps';

export const CONSUMER = 'apply-stock-webhook';

export type StockWebhookOutcome = 'applied' | 'unchanged' | 'stale' | 'duplicate' | 'ignored';

/**
 * Applies a Tiny stock webhook. Tiny's `saldo` is used as-is when Tiny computed it the way our rules ask
 * (same tipoEstoque, all deposits); otherwise — a different or missing tipoEstoque, or a deposit filter —
 * we read produto.obter.estoque and compute the quantity ourselves. The receipt sequence guards against
 * an older webhook overwriting a newer balance.
 */
@Injectable()
export class ApplyStockWebhook {
  constructor(private readonly deps: CatalogDeps) {}

  async execute(event: TinyEstoqueReceivedV1): Promise<StockWebhookOutcome> {
    const { deps } = this;
    const integration = await deps.integration(event.integrationId);
    if (!integration) throw new Error(`integration ${event.integrationId ?? '(none)'} not in the local replica yet`);
    if (integration.deleted) return 'ignored';
    const d = event.data.dados;
    const rules = integration.rules;

    let stock: StockState;
    let observedAt = new Date(event.data.receivedAt);
    if (webhookBalanceUsable(d.tipoEstoque, rules)) {
      stock = { quantity: Math.max(0, toQuantity(d.saldo)), stockType: rules.stockType, deposits: [] };
    } else {
      // Read before the transaction: a Tiny call must never hold a database connection.
      observedAt = new Date();
      const tiny = await deps.tiny.forIntegration(integration.integrationId);
      const reading = await tiny.getProductStock(Number(d.idProduto), { priority: 'order' });
      stock = stockFromReading(reading, rules);
    }

    return deps.dataSource.transaction(async (m) => {
      if (!(await deps.inbox.claim(m, CONSUMER, event.id))) return 'duplicate';
      // Tiny's codigo is our SKU; only a webhook without it needs the product row.
      const sku = d.sku || (await deps.repo.findProduct(m, integration.integrationId, d.idProduto))?.sku || d.skuMapeamento;
      if (!sku) throw new NonRetryableError(`stock webhook for unknown product ${d.idProduto} without sku`);
      const obs: Observation = { origin: 'webhook', receiptSeq: event.data.receiptSeq, observedAt };
      const out = await deps.writer.applyStock(m, integration, { tinyId: d.idProduto, sku }, stock, obs);
      if (out.events.length) await deps.outbox.add(m, ...out.events);
      return out.stale ? 'stale' : out.events.length ? 'applied' : 'unchanged';
    });
  }
}
