import { Controller, Get, Inject, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, JwtAuthGuard, type Actor } from '@app/security';
import { DataSource } from 'typeorm';
import { IntegrationRow } from '../../database';
import { integrationNotFound } from '../../shared/http-errors';
import { toIntegrationView } from '../integration-view';

@ApiTags('integrations')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('integrations')
export class GetIntegrationController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Integrações desta conta' })
  async list(@CurrentActor() actor: Actor) {
    const rows = await this.dataSource.getRepository(IntegrationRow).find({ where: { tenantId: actor.tenantId, deleted: false }, order: { createdAt: 'ASC' } });
    return rows.map(toIntegrationView);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Uma integração (o token aparece só mascarado)' })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    const row = await this.dataSource.getRepository(IntegrationRow).findOneBy({ id, tenantId: actor.tenantId, deleted: false });
    if (!row) throw integrationNotFound();
    return toIntegrationView(row);
  }
}
