import { ConflictException, Controller, Get, HttpCode, NotFoundException, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeadLetterAlreadyReplayedError, DeadLetterNotFoundError, DeadLetters, HEADERS, type DeadLetter } from '@app/messaging';
import { CurrentActor, JwtAuthGuard, RequireProfile, type Actor } from '@app/security';
import { ADMIN_PROFILE } from '../../shared/defaults';

const clamp = (v: string | undefined, def: number, min: number, max: number) => {
  const n = v === undefined ? def : Number(v);
  return Number.isInteger(n) ? Math.min(Math.max(n, min), max) : def;
};

/** The tenant a dead letter belongs to: its x-tenant-id header, else the body's tenantId (if it parses). */
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

const notFound = () => new NotFoundException({ statusCode: 404, error: 'Not Found', message: 'Mensagem não encontrada' });

/** Messages config gave up on (users.user.changed.v1, config.resync.requested.v1), for the caller's tenant. */
@ApiTags('ops')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@RequireProfile(ADMIN_PROFILE)
@Controller('ops/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetters) {}

  @Get()
  @ApiOperation({ summary: 'Mensagens que o config não conseguiu processar (mais recentes primeiro)' })
  async list(@CurrentActor() actor: Actor, @Query('limit') limit?: string, @Query('offset') offset?: string) {
    // The table is per service, not per tenant: filter a generous page by the message's tenant.
    const page = await this.deadLetters.list({ limit: 500, offset: 0 });
    const start = clamp(offset, 0, 0, 1_000_000);
    const items = page.items.filter((d) => tenantOf(d) === actor.tenantId).slice(start, start + clamp(limit, 50, 1, 500));
    return {
      items: items.map((d) => ({
        id: d.id,
        messageId: d.messageId,
        type: d.type,
        error: d.error,
        attempts: d.attempts,
        deadLetteredAt: d.deadLetteredAt.toISOString(),
        replayedAt: d.replayedAt?.toISOString() ?? null,
        body: d.body,
      })),
    };
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Reenvia a mensagem para o config processar de novo (uma vez)' })
  async replay(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<{ replayed: true }> {
    const d = /^\d+$/.test(id) ? await this.deadLetters.get(id) : null;
    // Another tenant's message does not exist for the caller (as with integrations).
    if (!d || tenantOf(d) !== actor.tenantId) throw notFound();
    try {
      await this.deadLetters.replay(id);
    } catch (err) {
      if (err instanceof DeadLetterNotFoundError) throw notFound();
      if (err instanceof DeadLetterAlreadyReplayedError) {
        throw new ConflictException({ statusCode: 409, error: 'Conflict', message: 'Mensagem já reenviada' });
      }
      throw err;
    }
    return { replayed: true };
  }
}
