import { Controller, Get, Header, Inject, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_PROFILE, CurrentActor, JwtAuthGuard, RequireProfile, SecretBox, type Actor } from '@app/security';
import { DataSource } from 'typeorm';
import { IntegrationRow } from '../../database';
import { integrationNotFound } from '../../shared/http-errors';
import { CONFIG_API_OPTIONS, type ConfigApiOptions } from '../../shared/options';
import { IntegrationWriter } from '../integration-writer';
import { buildWebhookUrls } from './webhook-urls';

/** Guide step 4: the URLs to paste into Tiny. They hold the secret, so only admins see them, uncached. */
@ApiTags('integrations')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('integrations/:id/webhook-urls')
export class WebhookUrlsController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONFIG_API_OPTIONS) private readonly options: ConfigApiOptions,
    private readonly box: SecretBox,
    private readonly writer: IntegrationWriter,
  ) {}

  @Get()
  @RequireProfile(ADMIN_PROFILE)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'URLs de notificação para colar no Tiny (uma por tipo)' })
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    const row = await this.dataSource.getRepository(IntegrationRow).findOneBy({ id, tenantId: actor.tenantId, deleted: false });
    if (!row) throw integrationNotFound();
    const [current] = await this.writer.liveSecrets(this.dataSource.manager, id);
    return { urls: buildWebhookUrls(this.options.publicGatewayUrl, id, this.box.decrypt(current.secretSealed)) };
  }
}
