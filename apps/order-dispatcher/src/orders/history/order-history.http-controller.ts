import { Controller, Get, NotFoundException, Param, UseGuards } from '@nestjs/common';
import { CurrentActor, JwtAuthGuard, type Actor } from '@app/security';
import { OrderLinks } from '../order-links.repository';
import { OrderHistory } from './order-history.repository';

/** Per-order integration history for the store's admin (tenant-scoped by the bearer token). */
@Controller('ops/orders')
@UseGuards(JwtAuthGuard)
export class OrderHistoryHttpController {
  constructor(
    private readonly links: OrderLinks,
    private readonly history: OrderHistory,
  ) {}

  @Get(':orderId/history')
  async get(@CurrentActor() actor: Actor, @Param('orderId') orderId: string) {
    const link = await this.links.get(actor.tenantId, orderId);
    if (!link) throw new NotFoundException('Pedido não encontrado');
    return {
      order: {
        orderId: link.orderId,
        orderNumber: link.orderNumber,
        state: link.state,
        uplacesStatus: link.uplacesStatus,
        version: link.lastVersion,
        tinyOrderId: link.tinyOrderId,
        tinyOrderNumber: link.tinyOrderNumber,
        tinySituacao: link.tinySituacao,
        createAttempts: link.createAttempts,
        waitingReason: link.parkedReason,
        nextAttemptAt: link.nextAttemptAt?.toISOString() ?? null,
        failureReason: link.failureReason,
        sentAt: link.sentAt?.toISOString() ?? null,
      },
      history: await this.history.list(actor.tenantId, orderId),
    };
  }
}
