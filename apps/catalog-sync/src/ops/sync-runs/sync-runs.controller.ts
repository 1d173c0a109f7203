import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query, UseGuards } from '@nestjs/common';
import { CurrentActor, JwtAuthGuard, type Actor } from '@app/security';
import { SyncRunsRepository } from '../../database/sync-runs.repository';
import { CatalogDeps } from '../../shared/catalog-deps';
import { intQuery, OpsAccess } from '../ops-access';
import { syncRunView, type SyncRunView } from './sync-run.view';

/** Imports and reconciliations with their counts, progress and drift details. */
@Controller('ops')
@UseGuards(JwtAuthGuard)
export class SyncRunsController {
  private readonly runs = new SyncRunsRepository();

  constructor(
    private readonly access: OpsAccess,
    private readonly deps: CatalogDeps,
  ) {}

  @Get('integrations/:integrationId/sync-runs')
  async list(
    @CurrentActor() actor: Actor,
    @Param('integrationId') integrationId: string,
    @Query() q: Record<string, string | undefined>,
  ): Promise<{ items: SyncRunView[] }> {
    await this.access.integration(actor, integrationId);
    const kind = q.kind === 'import' || q.kind === 'reconcile' ? q.kind : undefined;
    const items = await this.runs.list(this.deps.dataSource.manager, {
      integrationId, kind, limit: intQuery(q.limit, 20, 1, 200), offset: intQuery(q.offset, 0, 0, 1_000_000),
    });
    return { items: items.map((r) => syncRunView(r)) };
  }

  @Get('sync-runs/:id')
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<SyncRunView> {
    const run = await this.runs.get(this.deps.dataSource.manager, id);
    if (!run || run.tenantId !== actor.tenantId) throw new NotFoundException('Execução não encontrada');
    return syncRunView(run);
  }
}
