import { Injectable } from '@nestjs/common';
import { formatTinyDate, TinyNotAvailableError, TinyNotFoundError } from '@app/tiny';
import type { EntityManager } from 'typeorm';
import type { Observation, StockState } from '../../catalog/catalog.types';
import { stockFromReading } from '../../catalog/stock-rules';
import { SyncRunsRepository, type SyncRun } from '../../database/sync-runs.repository';
import type { IntegrationReplica } from '../../integrations/replica/integration-replica';
import { CatalogDeps } from '../../shared/catalog-deps';
import type { CatalogTiny, TinyStockLike } from '../../tiny/catalog-tiny.port';
import { countingTiny } from '../../tiny/counting-tiny';
import { withTinyRetry } from '../../tiny/retry';

export class ReconcileSettings {
  /** SKUs read per run by the rolling scan (accounts without lista.atualizacoes.estoque). */
  scanSlice = 200;
  /** How far back the first delta read looks when nothing is known (Tiny keeps 30 days). */
  firstDeltaLookbackMs = 24 * 3600_000;
  /** Overlap between delta reads, against clock skew with Tiny. */
  deltaOverlapMs = 60_000;
}

interface ReconcileState {
  delta_supported: boolean | null;
  delta_since: Date | null;
  scan_after: string | null;
}

/**
 * Finds and repairs stock drift (changes whose webhook never arrived). Accounts with the "API para
 * estoque em tempo real" extension are read through lista.atualizacoes.estoque (every change since the
 * last run; Tiny's queue is consumed on read, so each page is applied and committed before the next is
 * asked for). Others get a rolling scan: produto.obter.estoque over a slice of the SKUs we know, resuming
 * after the last one next time. Every run is a sync_runs row with what it checked, found and repaired.
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
       RETURNING delta_supported, delta_since, scan_after`,
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
    const slice: { tiny_id: string; sku: string }[] = await deps.dataSource.query(
      `SELECT tiny_id, sku FROM catalog.stock WHERE integration_id = $1 AND tiny_id > $2 ORDER BY tiny_id LIMIT $3`,
      [integration.integrationId, state.scan_after ?? '', this.settings.scanSlice],
    );
    await Promise.all(
      slice.map(async (s) => {
        const observedAt = new Date();
        let reading: TinyStockLike | null = null;
        try {
          reading = await withTinyRetry(() => tiny.getProductStock(Number(s.tiny_id), { priority: 'bulk' }));
        } catch (err) {
          if (!(err instanceof TinyNotFoundError)) throw err;
        }
        await deps.dataSource.transaction(async (m) => {
          if (reading) await this.check(m, run, integration, s.tiny_id, s.sku, reading, observedAt);
          await this.runs.progress(m, run.id, { checked: 1, tinyCalls: takeCalls() });
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
    await this.runs.progress(m, run.id, { driftFound: 1, driftRepaired: repaired ? 1 : 0 });
    await this.runs.appendDetail(m, run.id, 'drift', {
      sku,
      tinyId,
      was: stored ? stored.quantity : null,
      now: stock.quantity,
      repaired,
    });
  }
}
