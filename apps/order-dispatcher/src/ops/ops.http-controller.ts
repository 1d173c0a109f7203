import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { CurrentActor, JwtAuthGuard, type Actor } from '@app/security';
import { OrderLinks } from '../orders/order-links.repository';

const clamp = (v: string | undefined, def: number, max: number) => Math.min(Math.max(Number(v) || def, 0), max);

/** Failed orders, scoped to the caller's tenant. */
@Controller('ops')
@UseGuards(JwtAuthGuard)
export class OpsHttpController {
  constructor(private readonly links: OrderLinks) {}

  @Get('orders/failed')
  async failed(@CurrentActor() actor: Actor, @Query('limit') limit?: string, @Query('offset') offset?: string) {
    const items = await this.links.listFailed(actor.tenantId, clamp(limit, 50, 500), clamp(offset, 0, 1_000_000));
    return {
      items: items.map((l) => ({
        orderId: l.orderId,
        orderNumber: l.orderNumber,
        state: l.state,
        operation: l.state === 'failed' ? 'create' : 'update-status',
        reason: l.failureReason,
        failedAt: l.failedAt?.toISOString() ?? null,
        createAttempts: l.createAttempts,
      })),
    };
  }
}
