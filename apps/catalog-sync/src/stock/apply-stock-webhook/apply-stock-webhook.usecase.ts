import { Injectable, Logger } from '@nestjs/common';
import type { IntegrationEvent, TinyEstoqueReceivedV1 } from '@app/contracts';
import { NonRetryableError } from '@app/messaging';
import type { EntityManager } from 'typeorm';
import type { Observation, StockState } from '../../catalog/catalog.types';
import { toQuantity } from '../../catalog/money';
import { stockFromReading, webhookBalanceUsable } from '../../catalog/stock-rules';
import type { IntegrationReplica } from '../../integrations/replica/integration-replica';
import { stockChangedEvent } from '../../catalog/catalog-writer';
import { CatalogDeps } from '../../shared/catalog-deps';
import { StockBatchRepository, type StockBatchRow } from './stock-batch.repository';

export const CONSUMER = 'apply-stock-webhook';
/** Receipts committed together at most (the broker prefetch bounds it anyway). */
const MAX_BATCH = 64;
/** Batches in flight at once: one fills while another commits. */
const MAX_FLUSHERS = 2;

export type StockWebhookOutcome = 'applied' | 'unchanged' | 'stale' | 'duplicate' | 'ignored';

interface Pending {
  event: TinyEstoqueReceivedV1;
  integration: IntegrationReplica;
  stock: StockState;
  observedAt: Date;
  resolve: (o: StockWebhookOutcome) => void;
  reject: (e: unknown) => void;
}

/**
 * Applies a Tiny stock webhook. Tiny's `saldo` is used as-is when Tiny computed it the way our rules ask
 * (same tipoEstoque, all deposits); otherwise — a different or missing tipoEstoque, or a deposit filter —
 * we read produto.obter.estoque and compute the quantity ourselves. The receipt sequence guards against
 * an older webhook overwriting a newer balance.
 *
 * Group commit: receipts that arrive while a transaction is committing are applied together in the next
 * one (each still claims its own inbox row, and its handler resolves only after that commit, so the broker
 * ack still follows the commit). One WAL flush and one outbox NOTIFY per batch instead of per webhook is
 * what lets one replica keep up with hundreds of webhooks per second. A batch that fails is retried one
 * receipt at a time, so a bad receipt fails alone.
 */
@Injectable()
export class ApplyStockWebhook {
  private queue: Pending[] = [];
  private flushers = 0;
  private readonly batches = new StockBatchRepository();
  private readonly logger = new Logger(ApplyStockWebhook.name);

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
    return new Promise<StockWebhookOutcome>((resolve, reject) => {
      this.queue.push({ event, integration, stock, observedAt, resolve, reject });
      if (this.flushers < MAX_FLUSHERS) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushers++;
    try {
      // Let the receipts of this tick join the first batch.
      await new Promise((r) => setImmediate(r));
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          const outcomes = await this.deps.dataSource.transaction((m) => this.applyBatch(m, batch));
          batch.forEach((p, i) => p.resolve(outcomes[i]));
        } catch (err) {
          // Once per failed batch, not per message: a bad receipt or a database error; each is retried alone.
          this.logger.warn({ err, receipts: batch.length }, 'stock webhook batch failed; applying its receipts one by one');
          for (const p of batch) {
            try {
              p.resolve(
                await this.deps.dataSource.transaction(async (m) => {
                  const events: IntegrationEvent[] = [];
                  const o = await this.applyOne(m, p, events);
                  if (events.length) await this.deps.outbox.add(m, ...events);
                  return o;
                }),
              );
            } catch (err) {
              p.reject(err);
            }
          }
        }
      }
    } finally {
      this.flushers--;
    }
  }

  /**
   * The batch in set-based statements: per round, one statement claims the inbox rows and the ordering
   * guard, one writes the balances that passed; then one outbox statement (and NOTIFY) for the batch.
   * A round never holds one SKU, product or message twice (a multi-row upsert cannot touch a row twice);
   * later occurrences go to the next round, in arrival order, so they see the earlier one's effect.
   */
  private async applyBatch(m: EntityManager, batch: readonly Pending[]): Promise<StockWebhookOutcome[]> {
    const { deps } = this;
    const rows: StockBatchRow[] = [];
    for (const p of batch) {
      const d = p.event.data.dados;
      // Tiny's codigo is our SKU; only a webhook without it needs the product row.
      const sku = d.sku || (await deps.repo.findProduct(m, p.integration.integrationId, d.idProduto))?.sku || d.skuMapeamento;
      if (!sku) throw new NonRetryableError(`stock webhook for unknown product ${d.idProduto} without sku`);
      rows.push({
        messageId: p.event.id,
        integrationId: p.integration.integrationId,
        tinyId: d.idProduto,
        sku,
        receiptSeq: p.event.data.receiptSeq,
        observedAt: p.observedAt,
        ...p.stock,
      });
    }
    const outcomes: StockWebhookOutcome[] = new Array<StockWebhookOutcome>(batch.length);
    const events: IntegrationEvent[] = [];
    for (const round of rounds(rows)) {
      const claimed = await this.batches.claim(m, CONSUMER, round.map((i) => rows[i]));
      const toWrite: number[] = [];
      round.forEach((i, k) => {
        if (!claimed[k].fresh) outcomes[i] = 'duplicate';
        else if (!claimed[k].applies) outcomes[i] = 'stale';
        else toWrite.push(i);
      });
      if (toWrite.length === 0) continue;
      const written = await this.batches.write(m, toWrite.map((i) => rows[i]));
      toWrite.forEach((i, k) => {
        const w = written[k];
        const r = rows[i];
        // Same rule as CatalogWriter.applyStock: an event only when the quantity itself changed.
        if (!w.written || (w.existed && w.previous === r.quantity)) {
          outcomes[i] = 'unchanged';
          return;
        }
        const p = batch[i];
        const obs: Observation = { origin: 'webhook', receiptSeq: r.receiptSeq, observedAt: r.observedAt };
        events.push(stockChangedEvent(p.integration, { tinyId: r.tinyId, sku: r.sku }, p.stock, obs, w.existed ? w.previous : null));
        outcomes[i] = 'applied';
      });
    }
    if (events.length) await deps.outbox.add(m, ...events);
    return outcomes;
  }

  private async applyOne(m: EntityManager, p: Pending, events: IntegrationEvent[]): Promise<StockWebhookOutcome> {
    const { deps } = this;
    if (!(await deps.inbox.claim(m, CONSUMER, p.event.id))) return 'duplicate';
    const d = p.event.data.dados;
    // Tiny's codigo is our SKU; only a webhook without it needs the product row.
    const sku = d.sku || (await deps.repo.findProduct(m, p.integration.integrationId, d.idProduto))?.sku || d.skuMapeamento;
    if (!sku) throw new NonRetryableError(`stock webhook for unknown product ${d.idProduto} without sku`);
    const obs: Observation = { origin: 'webhook', receiptSeq: p.event.data.receiptSeq, observedAt: p.observedAt };
    const out = await deps.writer.applyStock(m, p.integration, { tinyId: d.idProduto, sku }, p.stock, obs);
    events.push(...out.events);
    return out.stale ? 'stale' : out.events.length ? 'applied' : 'unchanged';
  }
}

/** Indexes of `rows` split so that no round holds one (integration, SKU), product or message twice. */
function rounds(rows: readonly StockBatchRow[]): number[][] {
  const out: number[][] = [];
  const used = new Map<string, number>();
  rows.forEach((r, i) => {
    const keys = [`s|${r.integrationId}|${r.sku}`, `t|${r.integrationId}|${r.tinyId}`, `m|${r.messageId}`];
    const round = Math.max(...keys.map((k) => used.get(k) ?? 0));
    for (const k of keys) used.set(k, round + 1);
    (out[round] ??= []).push(i);
  });
  return out;
}
