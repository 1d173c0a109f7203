import { ConflictException, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { CurrentActor, JwtAuthGuard, type Actor } from '@app/security';
import { SyncRunsRepository } from '../../database/sync-runs.repository';
import { ImportRunner } from '../../import/run-full-import/import-runner';
import { CatalogDeps } from '../../shared/catalog-deps';
import { OpsAccess } from '../ops-access';

/** Starts a full import on demand (or returns the one already running). */
@Controller('ops/integrations/:integrationId/import')
@UseGuards(JwtAuthGuard)
export class StartImportController {
  private readonly runs = new SyncRunsRepository();

  constructor(
    private readonly access: OpsAccess,
    private readonly deps: CatalogDeps,
    private readonly runner: ImportRunner,
  ) {}

  @Post()
  @HttpCode(202)
  async start(@CurrentActor() actor: Actor, @Param('integrationId') integrationId: string): Promise<{ runId: string; created: boolean }> {
    const integration = await this.access.integration(actor, integrationId);
    if (!integration.active || integration.deleted) throw new ConflictException('Integração inativa');
    const { run, created } = await this.runs.startImport(this.deps.dataSource.manager, integrationId, integration.tenantId, `ops:${actor.userId}`);
    this.runner.kick();
    return { runId: run.id, created };
  }
}
