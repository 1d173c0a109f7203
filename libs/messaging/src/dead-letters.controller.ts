import {
  ConflictException,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Optional,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_PROFILE, CurrentActor, JwtAuthGuard, RequireProfile, type Actor } from '@app/security';
import { DeadLetters, type DeadLetter } from './dead-letters';
import { DeadLetterAlreadyReplayedError, DeadLetterNotFoundError } from './errors';
import { HEADERS } from './wire';

/** How replay answers for another tenant's dead letter: 404 by default (it does not exist for the caller). */
export interface DeadLettersApiOptions {
  otherTenant: 'not-found' | 'forbidden';
}

export const DEAD_LETTERS_API_OPTIONS = Symbol('DEAD_LETTERS_API_OPTIONS');

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
  constructor(
    private readonly deadLetters: DeadLetters,
    @Optional() @Inject(DEAD_LETTERS_API_OPTIONS) private readonly options?: DeadLettersApiOptions,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Mensagens que o serviço não conseguiu processar (mais recentes primeiro)' })
  async list(@CurrentActor() actor: Actor, @Query('limit') limit?: string, @Query('offset') offset?: string): Promise<{ items: DeadLetter[] }> {
    // The table is per service, not per tenant: filter the newest page by the message's tenant, then page.
    const page = await this.deadLetters.list({ limit: 500, offset: 0 });
    const start = intQuery(offset, 0, 0, 1_000_000);
    const mine = page.items.filter((d) => tenantOf(d) === actor.tenantId);
    return { items: mine.slice(start, start + intQuery(limit, 50, 1, 500)) };
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Reenvia a mensagem para o serviço processar de novo (uma vez)' })
  async replay(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<{ replayed: true }> {
    const d = /^\d+$/.test(id) ? await this.deadLetters.get(id) : null;
    if (!d) throw notFound();
    if (tenantOf(d) !== actor.tenantId) {
      throw this.options?.otherTenant === 'forbidden' ? new ForbiddenException('Mensagem de outro cliente') : notFound();
    }
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
