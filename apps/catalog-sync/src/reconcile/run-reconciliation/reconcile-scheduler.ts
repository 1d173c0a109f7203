import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CatalogDeps } from '../../shared/catalog-deps';
import { RunReconciliation } from './run-reconciliation.usecase';

export class ReconcileSchedulerSettings {
  /** RECONCILE_INTERVAL_MS; 0 turns the periodic run off (ops can still start one). */
  intervalMs = 15 * 60_000;
}

/**
 * Starts a reconciliation per active integration every interval. The slot is claimed in the database
 * (reconcile_state.last_run_at), so with several replicas each integration is reconciled once per interval.
 * An integration with a running import is skipped: the import is already reading everything.
 */
@Injectable()
export class ReconcileScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconcileScheduler.name);
  private readonly owner = `catalog-sync:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<unknown>>();
  private ticking = false;

  constructor(
    private readonly deps: CatalogDeps,
    private readonly useCase: RunReconciliation,
    private readonly settings: ReconcileSchedulerSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), Math.min(this.settings.intervalMs, 60_000));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const integrations = await this.deps.replicas.listActive(this.deps.dataSource.manager);
      for (const integration of integrations) {
        const claimed: unknown[] = await this.deps.dataSource.query(
          `INSERT INTO catalog.reconcile_state (integration_id, last_run_at) VALUES ($1, now())
           ON CONFLICT (integration_id) DO UPDATE SET last_run_at = now()
           WHERE reconcile_state.last_run_at IS NULL
              OR reconcile_state.last_run_at < now() - make_interval(secs => $2::float / 1000)
           RETURNING 1`,
          [integration.integrationId, this.settings.intervalMs],
        );
        if (claimed.length === 0) continue;
        const importing: unknown[] = await this.deps.dataSource.query(
          `SELECT 1 FROM catalog.sync_runs WHERE integration_id = $1 AND kind = 'import' AND status = 'running'`,
          [integration.integrationId],
        );
        if (importing.length) continue;
        const { done } = await this.useCase.start(integration, 'schedule', this.owner);
        this.inFlight.add(done);
        void done.finally(() => this.inFlight.delete(done));
        await done;
      }
    } catch (err) {
      this.logger.error({ err }, 'reconciliation tick failed');
    } finally {
      this.ticking = false;
    }
  }
}
