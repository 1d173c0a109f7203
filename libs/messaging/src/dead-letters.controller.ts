import {
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_PROFILE, CurrentActor, JwtAuthGuard, RequireProfile, type Actor } from '@app/security';
import { DeadLetters, tenantOfDeadLetter, type DeadLetter } from './dead-letters';
import { DeadLetterAlreadyReplayedError, DeadLetterNotFoundError } from './errors';

/** A query number: the default when absent or not an integer, else clamped to [min, max]. */
function intQuery(value: string | undefined, fallback: number, min: number, max: number): number {
  const n = value === undefined ? fallback : Number(value);
  return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

const notFound = () => new NotFoundException('Mensagem não encontrada');

/**
 * The ops API of a service's dead letters (docs/adr/0001), for the tenant admin: list them and replay
 * one once. Every consuming service lists this controller; it needs MessagingModule and AuthModule.
 */
@ApiTags('ops')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@RequireProfile(ADMIN_PROFILE)
@Controller('ops/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetters) {}

  @Get()
  @ApiOperation({ summary: 'Mensagens que o serviço não conseguiu processar (mais recentes primeiro)' })
  async list(@CurrentActor() actor: Actor, @Query('limit') limit?: string, @Query('offset') offset?: string): Promise<{ items: DeadLetter[] }> {
    // The table is per service, not per tenant: only the caller's letters, paged among themselves.
    const page = await this.deadLetters.list({ tenantId: actor.tenantId, limit: intQuery(limit, 50, 1, 500), offset: intQuery(offset, 0, 0, 1_000_000) });
    return { items: page.items };
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Reenvia a mensagem para o serviço processar de novo (uma vez)' })
  async replay(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<{ replayed: true }> {
    const d = /^\d+$/.test(id) ? await this.deadLetters.get(id) : null;
    if (!d) throw notFound();
    // Another tenant's letter does not exist for the caller (404, like every other tenant-scoped route).
    if (tenantOfDeadLetter(d) !== actor.tenantId) throw notFound();
    try {
      await this.deadLetters.replay(id);
    } catch (err) {
      if (err instanceof DeadLetterNotFoundError) throw notFound();
      if (err instanceof DeadLetterAlreadyReplayedError) throw new ConflictException('Mensagem já reenviada');
      throw err;
    }
    return { replayed: true };
  }
}
