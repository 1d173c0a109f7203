import { ConflictException, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { CurrentActor, JwtAuthGuard, type Actor } from '@app/security';
import { RunReconciliation } from '../../reconcile/run-reconciliation/run-reconciliation.usecase';
import { OpsAccess } from '../ops-access';

/** Runs a reconciliation now; the answer carries the run id to follow it on /ops/sync-runs/:id. */
@Controller('ops/integrations/:integrationId/reconcile')
@UseGuards(JwtAuthGuard)
export class ReconcileNowController {
  constructor(
    private readonly access: OpsAccess,
    private readonly useCase: RunReconciliation,
  ) {}

  @Post()
  @HttpCode(202)
  async start(@CurrentActor() actor: Actor, @Param('integrationId') integrationId: string): Promise<{ runId: string }> {
    const integration = await this.access.integration(actor, integrationId);
    if (!integration.active || integration.deleted) throw new ConflictException('Integração inativa');
    const { run, done } = await this.useCase.start(integration, `ops:${actor.userId}`, `ops:${process.pid}`);
    void done.catch(() => undefined);
    return { runId: run.id };
  }
}
