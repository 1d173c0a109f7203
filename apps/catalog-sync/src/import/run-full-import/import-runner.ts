import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SyncRunsRepository } from '../../database/sync-runs.repository';
import { CatalogDeps } from '../../shared/catalog-deps';
import { RunFullImport } from './run-full-import.usecase';

export class ImportRunnerSettings {
  enabled = true;
  pollMs = 1000;
  /** A run whose owner has not heartbeated for this long is taken over (its process died). */
  leaseMs = 30_000;
  /** Imports of different integrations run side by side, up to this many per process. */
  maxParallel = 2;
}

/**
 * Background worker: claims running imports (new ones, or ones a dead process left behind) and runs
 * them, heartbeating the lease. Any replica may pick up any run; SKIP LOCKED keeps them apart.
 */
@Injectable()
export class ImportRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ImportRunner.name);
  private readonly runs = new SyncRunsRepository();
  readonly owner = `catalog-sync:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private timer?: NodeJS.Timeout;
  private polling = false;
  private stopped = false;

  constructor(
    private readonly deps: CatalogDeps,
    private readonly useCase: RunFullImport,
    private readonly settings: ImportRunnerSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.settings.enabled) return;
    this.timer = setInterval(() => void this.poll(), this.settings.pollMs);
    void this.poll();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const a of this.active.values()) a.controller.abort();
    await Promise.allSettled([...this.active.values()].map((a) => a.done));
  }

  /** Looks for work now (after an import was requested) instead of at the next tick. */
  kick(): void {
    if (this.settings.enabled) void this.poll();
  }

  private async poll(): Promise<void> {
    if (this.polling || this.stopped) return;
    this.polling = true;
    try {
      while (this.active.size < this.settings.maxParallel && !this.stopped) {
        const run = await this.runs.claimImport(this.deps.dataSource.manager, this.owner, this.settings.leaseMs, [...this.active.keys()]);
        if (!run) break;
        this.start(run.id);
      }
    } catch (err) {
      this.logger.error({ err }, 'import poll failed');
    } finally {
      this.polling = false;
    }
  }

  private start(runId: string): void {
    const controller = new AbortController();
    const beat = setInterval(() => {
      this.runs.heartbeat(this.deps.dataSource.manager, runId, this.owner).then(
        (ours) => {
          if (!ours) controller.abort(); // cancelled, or taken over after we stalled
        },
        () => undefined,
      );
    }, Math.max(200, Math.floor(this.settings.leaseMs / 3)));
    const done = this.useCase
      .execute(runId, controller.signal)
      .then(async (outcome) => {
        if (outcome === 'stopped') await this.runs.release(this.deps.dataSource.manager, runId, this.owner, null);
        this.logger.log({ runId, outcome }, 'import run ended');
      })
      .catch(async (err: unknown) => {
        this.logger.error({ err, runId }, 'import run failed; it will be resumed');
        const message = err instanceof Error ? err.message : String(err);
        await this.runs.release(this.deps.dataSource.manager, runId, this.owner, message).catch(() => undefined);
      })
      .finally(() => {
        clearInterval(beat);
        this.active.delete(runId);
      });
    this.active.set(runId, { controller, done });
  }
}
