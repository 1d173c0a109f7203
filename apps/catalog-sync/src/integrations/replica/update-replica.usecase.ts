import { Injectable } from '@nestjs/common';
import type { IntegrationChangedV1 } from '@app/contracts';
import { SyncRunsRepository } from '../../database/sync-runs.repository';
import { ImportRunner } from '../../import/run-full-import/import-runner';
import { CatalogDeps } from '../../shared/catalog-deps';

export const CONSUMER = 'integration-replica';

/**
 * Keeps the local replica of an integration's settings (version-guarded). When an integration turns
 * active, its full import is started in the same transaction; when it turns inactive or is deleted, a
 * running import is cancelled.
 */
@Injectable()
export class UpdateReplica {
  private readonly runs = new SyncRunsRepository();

  constructor(
    private readonly deps: CatalogDeps,
    private readonly runner: ImportRunner,
  ) {}

  async execute(event: IntegrationChangedV1): Promise<'stored' | 'stale' | 'duplicate'> {
    const d = event.data;
    const outcome = await this.deps.dataSource.transaction(async (m) => {
      if (!(await this.deps.inbox.claim(m, CONSUMER, event.id))) return { result: 'duplicate' as const, started: false };
      const { stored, previous } = await this.deps.replicas.upsertIfNewer(m, d);
      if (!stored) return { result: 'stale' as const, started: false };
      const activeNow = d.active && !d.deleted;
      const activeBefore = previous !== null && previous.active && !previous.deleted;
      if (activeNow && !activeBefore) {
        const { created } = await this.runs.startImport(m, d.integrationId, d.tenantId, 'activation');
        return { result: 'stored' as const, started: created };
      }
      if (!activeNow && activeBefore) await this.runs.cancelImports(m, d.integrationId);
      return { result: 'stored' as const, started: false };
    });
    this.deps.forget(d.integrationId);
    if (outcome.started) this.runner.kick();
    return outcome.result;
  }
}
