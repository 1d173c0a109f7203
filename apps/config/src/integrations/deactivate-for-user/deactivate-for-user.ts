import { Injectable } from '@nestjs/common';
import { normaliseProfile, type Actor } from '@app/security';
import type { EntityManager } from 'typeorm';
import { IntegrationRow, type UserRow } from '../../database';
import { INTEGRATION_PROFILE } from '../../shared/defaults';
import { IntegrationWriter } from '../integration-writer';

/** The actor of changes config makes by itself (audit rows show "system"). */
export function systemActor(tenantId: string): Actor {
  return { tenantId, userId: 'system', profile: 'system' };
}

/** pt-BR reason shown on the integration, or null when the user may still act for integrations. */
export function deactivationReason(user: Pick<UserRow, 'name' | 'profile' | 'active'>): string | null {
  if (!user.active) {
    return `Desativada automaticamente: o usuário de integração "${user.name}" foi desativado na Uplaces. Escolha um usuário ativo com o perfil Integração (ou reative o usuário) e ative a integração de novo.`;
  }
  if (normaliseProfile(user.profile) !== INTEGRATION_PROFILE) {
    return `Desativada automaticamente: o usuário de integração "${user.name}" não tem mais o perfil Integração (perfil atual: "${user.profile}"). Escolha um usuário com o perfil Integração (ou devolva o perfil a ele) e ative a integração de novo.`;
  }
  return null;
}

export const AUTO_DEACTIVATE_ACTION = 'auto-deactivate';

/**
 * After a user changed: the active integrations acting as a user that is now inactive or no longer
 * Integração stop (active=false, reason, audit, event), in the caller's transaction. Returns their ids.
 */
@Injectable()
export class DeactivateIntegrationsForUser {
  constructor(private readonly writer: IntegrationWriter) {}

  async afterUserChange(m: EntityManager, actor: Actor, user: UserRow): Promise<string[]> {
    const reason = deactivationReason(user);
    if (!reason) return [];
    const rows = await m.getRepository(IntegrationRow).find({
      where: { tenantId: user.tenantId, integrationUserId: user.id, active: true, deleted: false },
      lock: { mode: 'pessimistic_write' },
      order: { id: 'ASC' },
    });
    for (const row of rows) {
      row.active = false;
      row.inactiveReason = reason;
      await this.writer.commit(m, actor, row, AUTO_DEACTIVATE_ACTION, ['active']);
    }
    return rows.map((r) => r.id);
  }
}
