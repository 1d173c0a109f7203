import { Injectable } from '@nestjs/common';
import { formatTinyDate, TinyNotAvailableError, TinyNotFoundError } from '@app/tiny';
import type { EntityManager } from 'typeorm';
import type { Observation, PriceState, ProductRemoval, ProductState, StockState } from '../../catalog/catalog.types';
import { stockFromReading } from '../../catalog/stock-rules';
import { basePrice, removalFromSituacao, statusFromSituacao } from '../../catalog/tiny-mapping';
import { SEARCH_ALL } from '../../import/run-full-import/run-full-import.usecase';
import { SyncRunsRepository, type SyncRun } from '../../database/sync-runs.repository';
import type { IntegrationReplica } from '../../integrations/replica/integration-replica';
import { CatalogDeps } from '../../shared/catalog-deps';
import type { CatalogTiny, TinyProductSummaryLike, TinyStockLike } from '../../tiny/catalog-tiny.port';
import { countingTiny } from '../../tiny/counting-tiny';
import { withTinyRetry } from '../../tiny/retry';

export class ReconcileSettings {
  /** SKUs read per run by the rolling scan (accounts without lista.atualizacoes.estoque). */
  scanSlice = 200;
  /** produtos.pesquisa pages (100 products each) read per run by the listing scan (prices, status, removals). */
  listPages = 2;
  /** How far back the first delta read looks when nothing is known (Tiny keeps 30 days). */
  firstDeltaLookbackMs = 24 * 3600_000;
  /** Overlap between delta reads, against clock skew with Tiny. */
  deltaOverlapMs = 60_000;
}

interface ReconcileState {
  delta_supported: boolean | null;
  delta_since: Date | null;
  scan_after: string | null;
  /** Listing scan cursor: '' = the default search (situação A + I), 'E' = the excluded products. */
  list_situacao: '' | 'E';
  list_page: number;
}

type DriftField = 'stock' | 'price' | 'status' | 'removal';

/**
 * Finds and repairs drift (changes whose webhook never arrived).
 * Stock: accounts with the "API para estoque em tempo real" extension are read through
 * lista.atualizacoes.estoque (every change since the last run; Tiny's queue is consumed on read, so each
 * page is applied and committed before the next is asked for). Others get a rolling scan:
 * produto.obter.estoque over a slice of the SKUs we know, resuming after the last one next time; a 32
 * there means the product is gone from Tiny and marks it removed.
 * Prices, status and removals (every account): a second rolling scan pages produtos.pesquisa (100
 * products a call, prices already under the rule's price list), first situação A + I, then E (Tiny's
 * excluded products), wrapping around: about 0.01 Tiny calls per product.
 * Every run is a sync_runs row with what it checked, found and repaired.
 */
@Injectable()
export class RunReconciliation {
  private readonly runs = new SyncRunsRepository();

  constructor(
    private readonly deps: CatalogDeps,
    private readonly settings: ReconcileSettings,
  ) {}

  /** Creates the run row (so the caller can answer with its id) and runs it. */
  async start(integration: IntegrationReplica, trigger: string, owner: string): Promise<{ run: SyncRun; done: Promise<SyncRun> }> {
    const run = await this.runs.startReconcile(this.deps.dataSource.manager, integration.integrationId, integration.tenantId, trigger, owner);
    const done = this.execute(run, integration).then(async () => (await this.runs.get(this.deps.dataSource.manager, run.id)) ?? run);
    return { run, done };
  }

  private async execute(run: SyncRun, integration: IntegrationReplica): Promise<void> {
    const { deps } = this;
    const startedAt = new Date();
    const counted = countingTiny(await deps.tiny.forIntegration(integration.integrationId));
    let reported = 0;
    const takeCalls = () => {
      const d = counted.calls() - reported;
      reported += d;
      return d;
    };
    try {
      const state = await this.state(integration.integrationId);
      let mode: 'delta' | 'scan' = state.delta_supported === false ? 'scan' : 'delta';
      if (mode === 'delta') {
        try {
          await this.delta(run, integration, counted.tiny, state, startedAt, takeCalls);
        } catch (err) {
          if (!(err instanceof TinyNotAvailableError)) throw err;
          // No "API para estoque em tempo real" extension: remember it and scan instead.
          await deps.dataSource.query(
            `UPDATE catalog.reconcile_state SET delta_supported = false WHERE integration_id = $1`,
            [integration.integrationId],
          );
          mode = 'scan';
        }
      }
      if (mode === 'scan') await this.scan(run, integration, counted.tiny, state, takeCalls);
      await this.listing(run, integration, counted.tiny, state, takeCalls);
      await deps.dataSource.transaction(async (m) => {
        await this.runs.progress(m, run.id, { tinyCalls: takeCalls() }, { details: { mode } });
        await m.query(`UPDATE catalog.reconcile_state SET last_run_at = now() WHERE integration_id = $1`, [integration.integrationId]);
        await this.runs.finish(m, run.id, 'done');
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await deps.dataSource.transaction(async (m) => {
        await this.runs.progress(m, run.id, { tinyCalls: takeCalls(), errors: 1 });
        await this.runs.finish(m, run.id, 'failed', message);
      });
    }
  }

  private async state(integrationId: string): Promise<ReconcileState> {
    const rows: ReconcileState[] = await this.deps.dataSource.query(
      `INSERT INTO catalog.reconcile_state (integration_id) VALUES ($1)
       ON CONFLICT (integration_id) DO UPDATE SET integration_id = EXCLUDED.integration_id
       RETURNING delta_supported, delta_since, scan_after, list_situacao, list_page`,
      [integrationId],
    );
    return rows[0];
  }

  private async delta(
    run: SyncRun,
    integration: IntegrationReplica,
    tiny: CatalogTiny,
    state: ReconcileState,
    startedAt: Date,
    takeCalls: () => number,
  ): Promise<void> {
    const since = state.delta_since ?? new Date(startedAt.getTime() - this.settings.firstDeltaLookbackMs);
    const dataAlteracao = formatTinyDate(new Date(since.getTime() - this.settings.deltaOverlapMs), true);
    // Read records leave Tiny's queue, so always ask for page 1 until it comes back empty.
    for (let guard = 0; guard < 10_000; guard++) {
      const observedAt = new Date();
      const page = await withTinyRetry(() => tiny.listStockUpdates({ dataAlteracao, pagina: 1 }, { priority: 'bulk' }));
      if (page.numero_paginas === 0 || page.produtos.length === 0) break;
      await this.deps.dataSource.transaction(async (m) => {
        for (const p of page.produtos) await this.check(m, run, integration, String(p.id), p.codigo, p, observedAt);
        await this.runs.progress(m, run.id, { checked: page.produtos.length, tinyCalls: takeCalls() });
      });
    }
    await this.deps.dataSource.query(
      `UPDATE catalog.reconcile_state SET delta_supported = true, delta_since = $2 WHERE integration_id = $1`,
      [integration.integrationId, startedAt],
    );
  }

  private async scan(
    run: SyncRun,
    integration: IntegrationReplica,
    tiny: CatalogTiny,
    state: ReconcileState,
    takeCalls: () => number,
  ): Promise<void> {
    const { deps } = this;
    // Products already marked removed are not read again (the listing scan notices if they come back).
    const slice: { tiny_id: string; sku: string }[] = await deps.dataSource.query(
      `SELECT s.tiny_id, s.sku FROM catalog.stock s
       LEFT JOIN catalog.products p ON p.integration_id = s.integration_id AND p.tiny_id = s.tiny_id
       WHERE s.integration_id = $1 AND s.tiny_id > $2 AND p.removal IS NULL
       ORDER BY s.tiny_id LIMIT $3`,
      [integration.integrationId, state.scan_after ?? '', this.settings.scanSlice],
    );
    await Promise.all(
      slice.map(async (s) => {
        const observedAt = new Date();
        let reading: TinyStockLike | null = null;
        let gone: ProductRemoval | null = null;
        let stockError: string | null = null;
        try {
          reading = await withTinyRetry(() => tiny.getProductStock(Number(s.tiny_id), { priority: 'bulk' }));
        } catch (err) {
          if (!(err instanceof TinyNotFoundError)) throw err;
          // A stock 32 alone is not proof (the listing scan would bring the product back, and the next scan
          // remove it again): confirmed with produto.obter, as the import's sweep does. 32 or E → removed.
          try {
            const product = await withTinyRetry(() => tiny.getProduct(Number(s.tiny_id), { priority: 'bulk' }));
            gone = removalFromSituacao(product.situacao);
            if (!gone) stockError = err.message;
          } catch (confirm) {
            if (!(confirm instanceof TinyNotFoundError)) throw confirm;
            gone = 'not-found';
          }
        }
        await deps.dataSource.transaction(async (m) => {
          if (reading) await this.check(m, run, integration, s.tiny_id, s.sku, reading, observedAt);
          if (gone) await this.productDrift(m, run, integration, s.tiny_id, { status: 'inactive', removal: gone }, observedAt);
          if (stockError) await this.runs.appendDetail(m, run.id, 'errors', { sku: s.sku, tinyId: s.tiny_id, error: stockError }, 50);
          await this.runs.progress(m, run.id, { checked: 1, tinyCalls: takeCalls(), errors: stockError ? 1 : 0 });
        });
      }),
    );
    // Wrap around after the last SKU, so every SKU is checked once per full cycle.
    const next = slice.length < this.settings.scanSlice ? null : slice[slice.length - 1].tiny_id;
    await deps.dataSource.query(`UPDATE catalog.reconcile_state SET scan_after = $2 WHERE integration_id = $1`, [
      integration.integrationId,
      next,
    ]);
  }

  /** Compares Tiny's reading with what we have; applies and records it when they differ. */
  private async check(
    m: EntityManager,
    run: SyncRun,
    integration: IntegrationReplica,
    tinyId: string,
    tinySku: string,
    reading: TinyStockLike,
    observedAt: Date,
  ): Promise<void> {
    const { deps } = this;
    const stock: StockState = stockFromReading(reading, integration.rules);
    const stored = await deps.repo.findStock(m, integration.integrationId, tinyId);
    if (stored && stored.quantity === stock.quantity && stored.stockType === stock.stockType) return;
    const product = await deps.repo.findProduct(m, integration.integrationId, tinyId);
    const sku = product?.sku ?? stored?.sku ?? tinySku;
    const obs: Observation = { origin: 'reconciliation', receiptSeq: null, observedAt };
    const out = await deps.writer.applyStock(m, integration, { tinyId, sku }, stock, obs);
    if (out.events.length) await deps.outbox.add(m, ...out.events);
    const repaired = !out.stale;
    await this.record(m, run, { field: 'stock', sku, tinyId, was: stored ? stored.quantity : null, now: stock.quantity, repaired });
  }

  private async record(
    m: EntityManager,
    run: SyncRun,
    drift: { field: DriftField; sku: string; tinyId: string; was: unknown; now: unknown; repaired: boolean },
  ): Promise<void> {
    await this.runs.progress(m, run.id, { driftFound: 1, driftRepaired: drift.repaired ? 1 : 0 });
    await this.runs.appendDetail(m, run.id, 'drift', drift);
  }

  /**
   * The listing scan: `listPages` pages of produtos.pesquisa per run, first the default search
   * (situação A + I: prices under the rule's price list, status, a removed product come back), then
   * situação E (excluded in Tiny), then around again; never more than one full cycle per run. A page
   * is applied in one transaction. Rows shift between pages when products come and go, so a product
   * may be missed for a cycle; absence from a page is never taken as a removal.
   */
  private async listing(
    run: SyncRun,
    integration: IntegrationReplica,
    tiny: CatalogTiny,
    state: ReconcileState,
    takeCalls: () => number,
  ): Promise<void> {
    const { deps } = this;
    const listId = integration.rules.priceListId;
    let situacao: '' | 'E' = state.list_situacao === 'E' ? 'E' : '';
    let page = Math.max(1, state.list_page);
    const start = `${situacao}:${page}`;
    for (let read = 0; read < this.settings.listPages; read++) {
      const observedAt = new Date();
      const params = situacao === 'E'
        ? { pesquisa: SEARCH_ALL, pagina: page, situacao: 'E' as const }
        : { pesquisa: SEARCH_ALL, pagina: page, ...(listId ? { idListaPreco: Number(listId) } : {}) };
      const result = await withTinyRetry(() => tiny.searchProducts(params, { priority: 'bulk' }));
      const rows = page <= result.numero_paginas ? result.produtos : [];
      await deps.dataSource.transaction(async (m) => {
        for (const row of rows) await this.checkListed(m, run, integration, row, observedAt);
        await this.runs.progress(m, run.id, { checked: rows.length, tinyCalls: takeCalls() });
      });
      if (rows.length > 0 && page < result.numero_paginas) page++;
      else {
        // End of this listing: on to the other one (A + I → E → A + I …).
        situacao = situacao === '' ? 'E' : '';
        page = 1;
      }
      if (`${situacao}:${page}` === start) break;
    }
    await deps.dataSource.query(
      `UPDATE catalog.reconcile_state SET list_situacao = $2, list_page = $3 WHERE integration_id = $1`,
      [integration.integrationId, situacao, page],
    );
  }

  /** One produtos.pesquisa row against what we hold: status and removal, then (A/I rows) the price. */
  private async checkListed(
    m: EntityManager,
    run: SyncRun,
    integration: IntegrationReplica,
    row: TinyProductSummaryLike,
    observedAt: Date,
  ): Promise<void> {
    const { deps } = this;
    const tinyId = String(row.id);
    const product = await deps.repo.findProduct(m, integration.integrationId, tinyId);
    // A product we never imported is left to the import and the produto webhook (a search row is not enough).
    if (!product) return;
    const removal = removalFromSituacao(row.situacao);
    const status = statusFromSituacao(row.situacao);
    const removalDrift = (product.removal ?? null) === null ? removal !== null : removal === null;
    const statusDrift = !integration.rules.keepStatus && status !== null && status !== product.status;
    if (removalDrift || statusDrift) {
      await this.productDrift(m, run, integration, tinyId, { status: status ?? product.status, removal }, observedAt);
    }
    if (removal || integration.rules.keepPrices) return;
    // With idListaPreco the search already answers the list's prices (exception or percentage), as Tiny computes them.
    const price: PriceState = { ...basePrice(row), priceListId: integration.rules.priceListId };
    const stored = await deps.repo.findPrice(m, integration.integrationId, tinyId);
    if (
      stored &&
      stored.price === price.price &&
      stored.promotionalPrice === price.promotionalPrice &&
      stored.priceListId === price.priceListId
    ) return;
    const obs: Observation = { origin: 'reconciliation', receiptSeq: null, observedAt };
    const out = await deps.writer.applyPrice(m, integration, { tinyId, sku: product.sku }, price, obs);
    if (out.events.length) await deps.outbox.add(m, ...out.events);
    if (out.stale || out.events.length) {
      await this.record(m, run, {
        field: 'price', sku: product.sku, tinyId,
        was: stored ? { price: stored.price, promotionalPrice: stored.promotionalPrice } : null,
        now: { price: price.price, promotionalPrice: price.promotionalPrice },
        repaired: !out.stale,
      });
    }
  }

  /** Status or removal drift of a product we hold, applied under the rules (keepStatus keeps the status). */
  private async productDrift(
    m: EntityManager,
    run: SyncRun,
    integration: IntegrationReplica,
    tinyId: string,
    patch: { status: ProductState['status']; removal: ProductRemoval | null },
    observedAt: Date,
  ): Promise<void> {
    const { deps } = this;
    const product = await deps.repo.findProduct(m, integration.integrationId, tinyId);
    if (!product) return;
    if (patch.removal && product.removal) return; // already marked: reported and published once
    const obs: Observation = { origin: 'reconciliation', receiptSeq: null, observedAt };
    const out = await deps.writer.patchProduct(m, integration, { tinyId, sku: product.sku }, patch, obs);
    if (out.events.length) await deps.outbox.add(m, ...out.events);
    if (!out.stale && out.events.length === 0) return;
    const removalChanged = (product.removal ?? null) !== (patch.removal ?? null);
    await this.record(m, run, {
      field: removalChanged ? 'removal' : 'status',
      sku: product.sku,
      tinyId,
      was: removalChanged ? (product.removal ?? null) : product.status,
      now: removalChanged ? patch.removal : patch.status,
      repaired: !out.stale,
    });
  }
}
