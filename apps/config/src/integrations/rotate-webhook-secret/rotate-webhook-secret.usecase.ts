import { Inject, Injectable } from '@nestjs/common';
import { randomSecret, SecretBox, type Actor } from '@app/security';
import { DataSource, IsNull } from 'typeorm';
import { WebhookSecretRow } from '../../database';
import { CONFIG_API_OPTIONS, type ConfigApiOptions } from '../../shared/options';
import { IntegrationWriter } from '../integration-writer';
import { buildWebhookUrls } from '../webhook-urls/webhook-urls';

/** New secret for the notification URLs; the old one stays valid for the grace period so Tiny can be updated. */
@Injectable()
export class RotateWebhookSecretUseCase {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONFIG_API_OPTIONS) private readonly options: ConfigApiOptions,
    private readonly box: SecretBox,
    private readonly writer: IntegrationWriter,
  ) {}

  async execute(actor: Actor, id: string) {
    return this.dataSource.transaction(async (m) => {
      const row = await this.writer.lock(m, actor.tenantId, id);
      const now = new Date();
      const previousValidUntil = new Date(now.getTime() + this.options.webhookSecretGraceSeconds * 1000);
      const repo = m.getRepository(WebhookSecretRow);
      await repo.update({ integrationId: id, expiresAt: IsNull() }, { expiresAt: previousValidUntil });
      const secret = randomSecret();
      await repo.insert({ integrationId: id, secretSealed: this.box.encrypt(secret), createdAt: now, expiresAt: null });
      await this.writer.commit(m, actor, row, 'rotate-webhook-secret', ['webhook.secret']);
      return { urls: buildWebhookUrls(this.options.publicGatewayUrl, id, secret), previousValidUntil: previousValidUntil.toISOString() };
    });
  }
}
