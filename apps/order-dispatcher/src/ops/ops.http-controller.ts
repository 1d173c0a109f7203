import { Controller, ForbiddenException, Get, HttpCode, NotFoundException, Param, Post, Query, UseGuards } from '@nestjs/common';
import { DeadLetterAlreadyReplayedError, DeadLetterNotFoundError, DeadLetters, HEADERS, type DeadLetter } from '@app/messaging';
import { CurrentActor, JwtAuthGuard, type Actor } from '@app/security';
import { OrderLinks } from '../orders/order-links.repository';

const clamp = (v: string | undefined, def: number, max: number) => Math.min(Math.max(Number(v) || def, 0), max);

function tenantOf(d: DeadLetter): string | null {
  const h = d.headers[HEADERS.tenant];
  if (typeof h === 'string') return h;
  try {
    const body = JSON.parse(d.body) as { tenantId?: unknown };
    return typeof body.tenantId === 'string' ? body.tenantId : null;
  } catch {
    return null;
  }
}

/** Failed orders and the service's dead letters, scoped to the caller's tenant. */
@Controller('ops')
@UseGuards(JwtAuthGuard)
export class OpsHttpController {
  constructor(
    private readonly links: OrderLinks,
    private readonly deadLetters: DeadLetters,
  ) {}

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

  @Get('dead-letters')
  async list(@CurrentActor() actor: Actor, @Query('limit') limit?: string, @Query('offset') offset?: string) {
    // The table is per service, not per tenant: filter a generous page by the message's tenant.
    const page = await this.deadLetters.list({ limit: 500, offset: clamp(offset, 0, 1_000_000) });
    const items = page.items.filter((d) => tenantOf(d) === actor.tenantId).slice(0, clamp(limit, 50, 500));
    return {
      items: items.map((d) => ({
        id: d.id,
        messageId: d.messageId,
        type: d.type,
        error: d.error,
        attempts: d.attempts,
        deadLetteredAt: d.deadLetteredAt,
        replayedAt: d.replayedAt,
        body: d.body,
      })),
    };
  }

  @Post('dead-letters/:id/replay')
  @HttpCode(202)
  async replay(@CurrentActor() actor: Actor, @Param('id') id: string) {
    const d = /^\d+$/.test(id) ? await this.deadLetters.get(id) : null;
    if (!d) throw new NotFoundException('Mensagem não encontrada');
    if (tenantOf(d) !== actor.tenantId) throw new ForbiddenException('Mensagem de outro cliente');
    try {
      await this.deadLetters.replay(id);
    } catch (err) {
      if (err instanceof DeadLetterNotFoundError) throw new NotFoundException('Mensagem não encontrada');
      if (err instanceof DeadLetterAlreadyReplayedError) return { replayed: false, reason: 'Mensagem já reenviada' };
      throw err;
    }
    return { replayed: true };
  }
}
