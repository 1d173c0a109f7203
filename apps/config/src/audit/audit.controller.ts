import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, JwtAuthGuard, type Actor } from '@app/security';
import { DataSource } from 'typeorm';
import { AuditEntryRow, IntegrationRow } from '../database';
import { integrationNotFound } from '../shared/http-errors';

@ApiTags('audit')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('integrations/:id/audit')
export class AuditController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Histórico de alterações da integração (quem, quando, quais campos)' })
  async list(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query('limit') limit?: string) {
    const exists = await this.dataSource.getRepository(IntegrationRow).existsBy({ id, tenantId: actor.tenantId });
    if (!exists) throw integrationNotFound();
    const rows = await this.dataSource.getRepository(AuditEntryRow).find({
      where: { tenantId: actor.tenantId, integrationId: id },
      order: { id: 'DESC' },
      take: Math.min(Math.max(Number(limit) || 100, 1), 500),
    });
    return rows.map((r) => ({
      at: r.at.toISOString(),
      userId: r.actorUserId,
      profile: r.actorProfile,
      action: r.action,
      fields: r.fields,
      version: r.version,
    }));
  }
}
