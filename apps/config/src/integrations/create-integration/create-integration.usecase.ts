import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { fingerprint, randomSecret, SecretBox, type Actor } from '@app/security';
import { DataSource } from 'typeorm';
import { IntegrationRow, WebhookSecretRow } from '../../database';
import { TenantStatuses } from '../../order-statuses/tenant-statuses';
import { DEFAULT_PLAN_LIMIT_PER_MINUTE, DEFAULT_STATUS_MAPPING, defaultRules, defaultSeller } from '../../shared/defaults';
import { UserDirectory } from '../../users/user-directory';
import { IntegrationWriter } from '../integration-writer';
import { toIntegrationView, type IntegrationView } from '../integration-view';
import type { CreateIntegrationDto } from './create-integration.dto';

/** Guide step 3 (Salvar): stores the integration, inactive until a Testar passes. */
@Injectable()
export class CreateIntegrationUseCase {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly box: SecretBox,
    private readonly users: UserDirectory,
    private readonly statuses: TenantStatuses,
    private readonly writer: IntegrationWriter,
  ) {}

  async execute(actor: Actor, dto: CreateIntegrationDto): Promise<IntegrationView> {
    return this.dataSource.transaction(async (m) => {
      const user = await this.users.requireIntegrationUser(m, actor.tenantId, dto.integrationUserId);
      await this.statuses.requireStatus(m, actor.tenantId, dto.forwardStatus, 'forwardStatus');
      const tenantStatuses = await this.statuses.list(m, actor.tenantId);
      const now = new Date();
      const row: IntegrationRow = Object.assign(new IntegrationRow(), {
        id: randomUUID(),
        tenantId: actor.tenantId,
        version: 0,
        name: dto.name.trim(),
        active: false,
        deleted: false,
        integrationUserId: user.id,
        integrationUserName: user.name,
        forwardStatus: dto.forwardStatus,
        integratorId: dto.integratorId,
        tokenSealed: this.box.encrypt(dto.token),
        tokenHint: dto.token.slice(-4),
        accountKey: fingerprint(dto.token),
        accountCnpj: null,
        accountName: null,
        planLimitPerMinute: dto.planLimitPerMinute ?? DEFAULT_PLAN_LIMIT_PER_MINUTE,
        share: dto.share ?? 1,
        rules: defaultRules(),
        statusMapping: DEFAULT_STATUS_MAPPING.filter((e) => tenantStatuses.includes(e.uplacesStatus)),
        seller: defaultSeller(),
        lastTestAt: null,
        lastTestOk: null,
        lastTestOutcome: null,
        lastTestMessage: null,
        testedAccountKey: null,
        inactiveReason: null,
        createdAt: now,
        updatedAt: now,
      });
      // Insert first: the webhook secret row references it.
      await m.getRepository(IntegrationRow).insert(row);
      await m.getRepository(WebhookSecretRow).insert({ integrationId: row.id, secretSealed: this.box.encrypt(randomSecret()), createdAt: now, expiresAt: null });
      await this.writer.commit(m, actor, row, 'create', [
        'name',
        'integrationUser',
        'forwardStatus',
        'tiny.integratorId',
        'tiny.token',
        'tiny.planLimitPerMinute',
        'tiny.share',
        'webhook.secret',
      ]);
      return toIntegrationView(row);
    });
  }
}
