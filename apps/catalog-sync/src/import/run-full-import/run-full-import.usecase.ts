import { Injectable } from '@nestjs/common';
import type { IntegrationEvent } from '@app/contracts';
import { TinyNotFoundError, TinyValidationError } from '@app/tiny';
import type { EntityManager } from 'typeorm';
import type { Observation, ProductRemoval } from '../../catalog/catalog.types';
import { stockFromReading } from '../../catalog/stock-rules';
import { basePrice, productFromTiny, removalFromSituacao } from '../../catalog/tiny-mapping';
import { SyncRunsRepository, type SyncRun } from '../../database/sync-runs.repository';
import type { IntegrationReplica } from '../../integrations/replica/integration-replica';
import { loadPriceList, priceUnderList, type PriceListView } from '../../prices/price-list-pricing';
import { CatalogDeps } from '../../shared/catalog-deps';
import type { CatalogTiny, TinyProductSummaryLike } from '../../tiny/catalog-tiny.port';
import { countingTiny } from '../../tiny/counting-tiny';
import { withTinyRetry } from '../../tiny/retry';

export class ImportSettings {
  /** Products fetched in parallel; the shared budget paces the calls, this only keeps it busy. */
  concurrency = 8;
}

/** All products: Tiny requires `pesquisa`; an empty string matches every product (sandbox and Tiny alike). */
export const SEARCH_ALL = '';

type ParentMarker = { variacoes: { id: number; codigo: string; grade: Record<string, string> }[] };

interface RunContext {
  run: SyncRun;
  integration: IntegrationReplica;
  tiny: CatalogTiny;
  calls: () => number;
  reportedCalls: number;
  priceList: PriceListView | null;
  signal: AbortSignal;
  /** Index positions of the current page whose work is committed (or needs none). */
  completed: Set<number>;
  prefix: number;
  pendingSkipped: number;
  pendingDone: number;
  pendingErrors: number;
  lastFlush: number;
  flushing: Promise<void> | null;
}

/** Counters and the in-page cursor are flushed at most this often (the done markers are the truth). */
const FLUSH_EVERY_MS = 1000;

/**
 * The full import of one integration's catalogue, resumable: pages through produtos.pesquisa and, per
 * product, reads produto.obter + produto.obter.estoque at 'bulk' priority. Each product is written in
 * one transaction with its done marker; the page cursor is committed when a page is finished. A killed
 * process resumes at the cursor page (the page in flight is read again) and skips whatever has a marker.
 * A parent (tipoVariacao P) carries its variations: they are read through it (1 obter for the parent,
 * then obter + estoque per variation) and their own search rows are skipped, so calls per SKU stay at
 * most 2 + page reads. See docs/adr/0007-catalog-import-and-ordering.md.
 */
@Injectable()
export class RunFullImport {
  private readonly runs = new SyncRunsRepository();

  constructor(
    private readonly deps: CatalogDeps,
    private readonly settings: ImportSettings,
  ) {}

  async execute(runId: string, signal: AbortSignal): Promise<'done' | 'cancelled' | 'stopped'> {
    const { deps } = this;
    const run = await this.runs.get(deps.dataSource.manager, runId);
    if (!run || run.status !== 'running') return 'cancelled';
    const integration = await deps.integration(run.integrationId);
    if (!integration || !integration.active || integration.deleted) {
      await this.runs.finish(deps.dataSource.manager, runId, 'cancelled', 'integration inactive or deleted');
      return 'cancelled';
    }
    const counted = countingTiny(await deps.tiny.forIntegration(integration.integrationId));
    const ctx: RunContext = {
      run, integration, tiny: counted.tiny, calls: counted.calls, reportedCalls: 0, priceList: null, signal,
      completed: new Set(), prefix: 0, pendingSkipped: 0, pendingDone: 0, pendingErrors: 0, lastFlush: Date.now(), flushing: null,
    };
    const listId = integration.rules.priceListId;
    if (listId) ctx.priceList = await withTinyRetry(() => loadPriceList(ctx.tiny, listId, { priority: 'bulk', withExceptions: true }));

    for (let page = run.cursorPage; ; page++) {
      if (signal.aborted) return 'stopped';
      const result = await withTinyRetry(() => ctx.tiny.searchProducts({ pesquisa: SEARCH_ALL, pagina: page }, { priority: 'bulk' }));
      const lastPage = result.numero_paginas;
      if (lastPage === 0 || page > lastPage) break;
      const startIndex = page === run.cursorPage ? run.cursorIndex : 0;
      const finished = await this.processPage(ctx, page, result.produtos, startIndex);
      if (!finished) return 'stopped';
      await ctx.flushing;
      await this.runs.progress(deps.dataSource.manager, runId, { pagesDone: 1, ...this.takeCounters(ctx) }, {
        totalPages: lastPage, cursorPage: page + 1, cursorIndex: 0,
        details: page === 1 || !run.details.pageSize ? { pageSize: result.produtos.length } : undefined,
      });
      if (page >= lastPage) break;
    }
    if (signal.aborted) return 'stopped';
    await this.sweepUnlisted(ctx);
    if (signal.aborted) return 'stopped';
    await ctx.flushing;
    await deps.dataSource.transaction(async (m) => {
      await this.runs.progress(m, runId, this.takeCounters(ctx));
      await this.runs.finish(m, runId, 'done');
    });
    return 'done';
  }

  /** Processes items [startIndex..] of one page with a small worker pool; false when stopped early. */
  private async processPage(ctx: RunContext, page: number, items: TinyProductSummaryLike[], startIndex: number): Promise<boolean> {
    ctx.completed = new Set();
    ctx.prefix = startIndex;
    const markers = await this.runs.doneMarkers(this.deps.dataSource.manager, ctx.run.id, items.map((i) => String(i.id)));
    let next = startIndex;
    let failure: unknown = null;
    const worker = async (): Promise<void> => {
      while (next < items.length && !ctx.signal.aborted && failure === null) {
        const index = next++;
        try {
          await this.processItem(ctx, items[index], markers);
          this.complete(ctx, index);
        } catch (err) {
          failure ??= err;
        }
      }
    };
    // Every worker stops taking items after a failure; the error surfaces once all in flight settled.
    await Promise.all(Array.from({ length: Math.max(1, this.settings.concurrency) }, worker));
    if (failure !== null) throw failure instanceof Error ? failure : new Error(`import of page ${page} failed`);
    return ctx.prefix >= items.length;
  }

  private complete(ctx: RunContext, index: number): void {
    ctx.completed.add(index);
    while (ctx.completed.has(ctx.prefix)) ctx.completed.delete(ctx.prefix++);
    if (Date.now() - ctx.lastFlush >= FLUSH_EVERY_MS && !ctx.flushing) {
      ctx.lastFlush = Date.now();
      // Progress for the ops API; a lost flush costs nothing, the markers say what is done.
      ctx.flushing = this.runs
        .progress(this.deps.dataSource.manager, ctx.run.id, this.takeCounters(ctx), { cursorIndex: ctx.prefix })
        .catch(() => undefined)
        .finally(() => (ctx.flushing = null));
    }
  }

  private async processItem(ctx: RunContext, item: TinyProductSummaryLike, markers: Map<string, unknown>): Promise<void> {
    const id = String(item.id);
    // Variations are read through their parent (which knows their grade); their own rows cost nothing.
    if (item.tipoVariacao === 'V') return;
    if (item.tipoVariacao === 'P') return this.processParent(ctx, item, markers.get(id) as ParentMarker | undefined, markers.has(id));
    if (markers.has(id)) {
      ctx.pendingSkipped++;
      return;
    }
    await this.importOne(ctx, item.id, undefined, item.tipoVariacao === 'N' || item.tipoVariacao === '');
  }

  private async processParent(ctx: RunContext, item: TinyProductSummaryLike, marker: ParentMarker | undefined, done: boolean): Promise<void> {
    let variacoes = marker?.variacoes;
    const parentSku = item.codigo;
    if (!done || !variacoes) {
      const got = await this.importOne(ctx, item.id, undefined, false);
      variacoes = got?.variacoes ?? [];
    } else {
      ctx.pendingSkipped++;
    }
    const vMarkers = await this.runs.doneMarkers(this.deps.dataSource.manager, ctx.run.id, variacoes.map((v) => String(v.id)));
    await Promise.all(
      variacoes.map(async (v) => {
        if (vMarkers.has(String(v.id))) {
          ctx.pendingSkipped++;
          return;
        }
        await this.importOne(ctx, v.id, { tinyId: String(item.id), sku: parentSku, grade: v.grade }, true);
      }),
    );
  }

  /**
   * Reads one product (and its stock unless it is a parent) and writes it with its done marker.
   * Returns the parent's variations (stored in its marker, so a resume needs no second produto.obter).
   */
  private async importOne(
    ctx: RunContext,
    tinyId: number,
    parent: { tinyId: string; sku: string; grade: Record<string, string> } | undefined,
    leaf: boolean,
  ): Promise<ParentMarker | null> {
    const { deps } = this;
    const id = String(tinyId);
    const observedAt = new Date();
    const opts = { priority: 'bulk' as const, signal: ctx.signal };
    /** produto.obter answered: a later 32 (from produto.obter.estoque) does not mean the product is gone. */
    let productRead = false;
    try {
      // A row known not to be a parent gets both reads at once; a possible parent is read first (no stock read).
      const stockRead = leaf ? withTinyRetry(() => ctx.tiny.getProductStock(tinyId, opts), 4, 500, ctx.signal) : null;
      stockRead?.catch(() => undefined);
      const product = await withTinyRetry(() => ctx.tiny.getProduct(tinyId, opts), 4, 500, ctx.signal);
      productRead = true;
      const state = productFromTiny(product, parent);
      const isParent = state.kind === 'parent';
      const reading = isParent ? null : await (stockRead ?? withTinyRetry(() => ctx.tiny.getProductStock(tinyId, opts), 4, 500, ctx.signal));
      const listId = ctx.integration.rules.priceListId;
      const price = priceUnderList(basePrice(product), listId, ctx.priceList, ctx.priceList?.exceptions?.get(id) ?? null);
      const marker: ParentMarker | null = isParent
        ? { variacoes: product.variacoes.map((v) => ({ id: v.id, codigo: v.codigo, grade: v.grade })) }
        : null;
      await deps.dataSource.transaction(async (m) => {
        await relaxedCommit(m);
        const obs: Observation = { origin: 'import', receiptSeq: null, observedAt };
        const events: IntegrationEvent[] = [];
        events.push(...(await deps.writer.applyProduct(m, ctx.integration, state, obs)).events);
        if (reading) {
          const stock = stockFromReading(reading, ctx.integration.rules);
          events.push(...(await deps.writer.applyStock(m, ctx.integration, { tinyId: id, sku: state.sku }, stock, obs)).events);
        }
        events.push(...(await deps.writer.applyPrice(m, ctx.integration, { tinyId: id, sku: state.sku }, price, obs)).events);
        if (events.length) await deps.outbox.add(m, ...events);
        await this.markDone(m, ctx, id, marker, { productsDone: 1 });
      });
      return marker;
    } catch (err) {
      // A product deleted or refused between the search and the read: record it, do not block the run.
      if (!(err instanceof TinyNotFoundError || err instanceof TinyValidationError)) throw err;
      await deps.dataSource.transaction(async (m) => {
        // Only produto.obter's own 32 says the product is gone; a stock 32 for a product it just returned is an error.
        if (err instanceof TinyNotFoundError && !productRead) await this.markRemoved(m, ctx, id, 'not-found', observedAt);
        await this.markDone(m, ctx, id, null, { errors: 1 });
        await this.runs.appendDetail(m, ctx.run.id, 'errors', { tinyId: id, error: err.message }, 50);
      });
      return null;
    }
  }

  /**
   * After the last page: products we hold that this run never reached (no done marker) may have been
   * deleted in Tiny (the search lists situação A and I only). Absence from a paged search is not proof
   * (rows shift between pages while we read), so each one is confirmed with produto.obter: code 32 or
   * situação E marks it removed; A/I means it exists and is left alone. Rare, so read one at a time.
   * Idempotent: a resumed run sweeps again and skips what is already marked.
   */
  private async sweepUnlisted(ctx: RunContext): Promise<void> {
    const { deps } = this;
    const unlisted: { tiny_id: string }[] = await deps.dataSource.query(
      `SELECT p.tiny_id FROM catalog.products p
       WHERE p.integration_id = $1 AND p.removal IS NULL
         AND NOT EXISTS (SELECT 1 FROM catalog.import_done d WHERE d.run_id = $2 AND d.tiny_id = p.tiny_id)
       ORDER BY p.tiny_id`,
      [ctx.integration.integrationId, ctx.run.id],
    );
    const opts = { priority: 'bulk' as const, signal: ctx.signal };
    for (const { tiny_id: id } of unlisted) {
      if (ctx.signal.aborted) return;
      const observedAt = new Date();
      let removal: ProductRemoval | null = null;
      try {
        const product = await withTinyRetry(() => ctx.tiny.getProduct(Number(id), opts), 4, 500, ctx.signal);
        removal = removalFromSituacao(product.situacao);
      } catch (err) {
        if (err instanceof TinyValidationError) {
          // As in importOne: recorded, not blocking the run (the marker keeps a resumed sweep from asking again).
          await deps.dataSource.transaction(async (m) => {
            await this.markDone(m, ctx, id, null, { errors: 1 });
            await this.runs.appendDetail(m, ctx.run.id, 'errors', { tinyId: id, error: err.message }, 50);
          });
          continue;
        }
        if (!(err instanceof TinyNotFoundError)) throw err;
        removal = 'not-found';
      }
      if (!removal) continue;
      await deps.dataSource.transaction(async (m) => this.markRemoved(m, ctx, id, removal, observedAt));
    }
  }

  /** Marks a product we hold as removed in Tiny (status inactive unless keepStatus) and lists it in the run. */
  private async markRemoved(m: EntityManager, ctx: RunContext, tinyId: string, removal: ProductRemoval, observedAt: Date): Promise<void> {
    const { deps } = this;
    const existing = await deps.repo.findProduct(m, ctx.integration.integrationId, tinyId);
    if (!existing || existing.removal) return;
    const obs: Observation = { origin: 'import', receiptSeq: null, observedAt };
    const out = await deps.writer.patchProduct(m, ctx.integration, { tinyId, sku: existing.sku }, { status: 'inactive', removal }, obs);
    if (out.events.length) await deps.outbox.add(m, ...out.events);
    if (!out.stale) await this.runs.appendDetail(m, ctx.run.id, 'removed', { sku: existing.sku, tinyId, removal });
  }

  /** The done marker, in the product's own transaction (counters are flushed separately). */
  private async markDone(
    m: EntityManager,
    ctx: RunContext,
    tinyId: string,
    marker: ParentMarker | null,
    add: { productsDone?: number; errors?: number },
  ): Promise<void> {
    await this.runs.markDone(m, ctx.run.id, tinyId, marker);
    ctx.pendingDone += add.productsDone ?? 0;
    ctx.pendingErrors += add.errors ?? 0;
  }

  private takeCounters(ctx: RunContext): { productsDone: number; productsSkipped: number; errors: number; tinyCalls: number } {
    const out = { productsDone: ctx.pendingDone, productsSkipped: ctx.pendingSkipped, errors: ctx.pendingErrors, tinyCalls: this.takeCalls(ctx) };
    ctx.pendingDone = 0;
    ctx.pendingSkipped = 0;
    ctx.pendingErrors = 0;
    return out;
  }

  private takeCalls(ctx: RunContext): number {
    const now = ctx.calls();
    const delta = now - ctx.reportedCalls;
    ctx.reportedCalls = now;
    return delta;
  }

}

/**
 * Import writes commit without waiting for the WAL flush: a database crash may lose the last few
 * milliseconds of them, and then the product, its events and its done marker are lost together and the
 * resumed run simply reads it again. A killed catalog-sync process loses nothing (the commit happened).
 * Webhook transactions keep the default: they ack a broker message after commit.
 */
export async function relaxedCommit(m: EntityManager): Promise<void> {
  await m.query('SET LOCAL synchronous_commit TO OFF');
}
