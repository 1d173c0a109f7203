import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { fingerprint, SecretBox, type Actor } from '@app/security';
import { DataSource } from 'typeorm';
import { TenantStatuses } from '../../order-statuses/tenant-statuses';
import { refuse } from '../../shared/http-errors';
import { UserDirectory } from '../../users/user-directory';
import { IntegrationWriter } from '../integration-writer';
import { isOneActiveViolation, toIntegrationView, type IntegrationView } from '../integration-view';
import type { UpdateIntegrationDto } from './update-integration.dto';

export const ONE_ACTIVE_MESSAGE = 'Já existe uma integração com o Tiny ativa nesta conta. Desative-a antes de ativar esta.';

@Injectable()
export class UpdateIntegrationUseCase {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly box: SecretBox,
    private readonly users: UserDirectory,
    private readonly statuses: TenantStatuses,
    private readonly writer: IntegrationWriter,
  ) {}

  async execute(actor: Actor, id: string, dto: UpdateIntegrationDto): Promise<IntegrationView> {
    try {
      return await this.dataSource.transaction(async (m) => {
        const row = await this.writer.lock(m, actor.tenantId, id);
        const fields: string[] = [];
        if (dto.name !== undefined && dto.name.trim() !== row.name) {
          row.name = dto.name.trim();
          fields.push('name');
        }
        if (dto.integrationUserId !== undefined && dto.integrationUserId !== row.integrationUserId) {
          const user = await this.users.requireIntegrationUser(m, actor.tenantId, dto.integrationUserId);
          row.integrationUserId = user.id;
          row.integrationUserName = user.name;
          fields.push('integrationUser');
        }
        if (dto.forwardStatus !== undefined && dto.forwardStatus !== row.forwardStatus) {
          await this.statuses.requireStatus(m, actor.tenantId, dto.forwardStatus, 'forwardStatus');
          row.forwardStatus = dto.forwardStatus;
          fields.push('forwardStatus');
        }
        if (dto.integratorId !== undefined && dto.integratorId !== row.integratorId) {
          row.integratorId = dto.integratorId;
          fields.push('tiny.integratorId');
        }
        if (dto.token !== undefined && fingerprint(dto.token) !== row.accountKey) {
          row.tokenSealed = this.box.encrypt(dto.token);
          row.tokenHint = dto.token.slice(-4);
          row.accountKey = fingerprint(dto.token);
          row.accountCnpj = null;
          row.accountName = null;
          fields.push('tiny.token', 'tiny.accountKey');
          // A new token is untested: the integration stops until Testar passes again.
          if (row.active) {
            row.active = false;
            fields.push('active');
          }
        }
        if (dto.planLimitPerMinute !== undefined && dto.planLimitPerMinute !== row.planLimitPerMinute) {
          row.planLimitPerMinute = dto.planLimitPerMinute;
          fields.push('tiny.planLimitPerMinute');
        }
        if (dto.share !== undefined && dto.share !== row.share) {
          row.share = dto.share;
          fields.push('tiny.share');
        }
        if (dto.active !== undefined && dto.active !== row.active) {
          const passed = row.lastTestOk === true && row.testedAccountKey === row.accountKey;
          if (dto.active && !passed) {
            throw refuse('Teste a conexão com o Tiny (botão Testar) antes de ativar a integração.', 'active');
          }
          // The user may have been deactivated (or lost the Integração profile) since it was chosen.
          if (dto.active) await this.users.requireIntegrationUser(m, actor.tenantId, row.integrationUserId);
          row.active = dto.active;
          fields.push('active');
        }
        if (fields.length === 0) return toIntegrationView(row);
        await this.writer.commit(m, actor, row, 'update', fields);
        return toIntegrationView(row);
      });
    } catch (e) {
      if (isOneActiveViolation(e)) throw new ConflictException({ statusCode: 409, error: 'Conflict', message: ONE_ACTIVE_MESSAGE });
      throw e;
    }
  }
}
