import { Controller, Get, HttpCode, NotFoundException, Param, Post, Query, UseGuards } from '@nestjs/common';
import { DeadLetterAlreadyReplayedError, DeadLetters, type DeadLetter } from '@app/messaging';
import { CurrentActor, JwtAuthGuard, type Actor } from '@app/security';
import { ConflictException } from '@nestjs/common';
import { intQuery } from '../ops-access';

const tenantOf = (d: DeadLetter): unknown => d.headers['x-tenant-id'];

/** Messages catalog-sync gave up on, for the caller's tenant, and their replay. */
@Controller('ops/dead-letters')
@UseGuards(JwtAuthGuard)
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetters) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() q: Record<string, string | undefined>): Promise<{ items: DeadLetter[] }> {
    const limit = intQuery(q.limit, 50, 1, 500);
    const offset = intQuery(q.offset, 0, 0, 1_000_000);
    // Dead letters are stored per service, not per tenant: filter by the tenant header the message carried.
    const page = await this.deadLetters.list({ limit: 1000, offset: 0 });
    const mine = page.items.filter((d) => tenantOf(d) === actor.tenantId);
    return { items: mine.slice(offset, offset + limit) };
  }

  @Post(':id/replay')
  @HttpCode(202)
  async replay(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<{ replayed: true }> {
    const d = await this.deadLetters.get(id);
    if (!d || tenantOf(d) !== actor.tenantId) throw new NotFoundException('Mensagem não encontrada');
    try {
      await this.deadLetters.replay(id);
    } catch (err) {
      if (err instanceof DeadLetterAlreadyReplayedError) throw new ConflictException('Mensagem já reenviada');
      throw err;
    }
    return { replayed: true };
  }
}
