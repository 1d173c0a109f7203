import { Controller, Get, NotFoundException, Param, Query, UseGuards } from '@nestjs/common';
import { CurrentActor, JwtAuthGuard, type Actor } from '@app/security';
import { ListRejections, type RejectionView } from './list-rejections.usecase';

/** The store admin's view of refused webhooks (ops API, tenant-scoped, secrets masked). */
@Controller('integrations/:integrationId/webhooks/rejections')
@UseGuards(JwtAuthGuard)
export class ListRejectionsController {
  constructor(private readonly list: ListRejections) {}

  @Get()
  async get(
    @CurrentActor() actor: Actor,
    @Param('integrationId') integrationId: string,
    @Query('limit') limit?: string,
    @Query('offset') offset?: string,
  ): Promise<{ items: RejectionView[]; limit: number; offset: number }> {
    const page = { limit: clamp(limit, 50, 1, 1000), offset: clamp(offset, 0, 0, 1_000_000) };
    const items = await this.list.execute(actor.tenantId, integrationId, page);
    if (items === null) throw new NotFoundException('Integração não encontrada');
    return { items, ...page };
  }
}

function clamp(raw: string | undefined, fallback: number, min: number, max: number): number {
  const n = raw === undefined ? fallback : Number.parseInt(raw, 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}
