import { Injectable } from '@nestjs/common';
import { normaliseProfile } from '@app/security';
import type { EntityManager } from 'typeorm';
import { UserRow } from '../database';
import { INTEGRATION_PROFILE } from '../shared/defaults';
import { refuse } from '../shared/http-errors';

/** Why `user` cannot act for an integration (pt-BR, for the admin), or null when it can. */
export function integrationUserProblem(user: Pick<UserRow, 'name' | 'profile' | 'active'>): string | null {
  if (!user.active) return `O usuário "${user.name}" está inativo. Escolha um usuário ativo com o perfil Integração.`;
  if (normaliseProfile(user.profile) !== INTEGRATION_PROFILE) {
    return `O usuário "${user.name}" não tem o perfil Integração (perfil atual: "${user.profile}"). Cadastre um usuário exclusivo com o perfil Integração.`;
  }
  return null;
}

/** Port over the tenant's Uplaces users as config knows them. */
@Injectable()
export class UserDirectory {
  /**
   * The user an integration acts as: must belong to the tenant, be active and have profile Integração.
   * Read FOR SHARE so a concurrent user change (which deactivates the integrations using it) waits for
   * this transaction and then sees the integration, or this one waits and sees the changed user.
   */
  async requireIntegrationUser(m: EntityManager, tenantId: string, userId: string): Promise<UserRow> {
    const user = await m.getRepository(UserRow).findOne({ where: { tenantId, id: userId }, lock: { mode: 'pessimistic_read' } });
    if (!user) throw refuse(`Usuário "${userId}" não encontrado nesta conta da Uplaces.`, 'integrationUserId');
    const problem = integrationUserProblem(user);
    if (problem) throw refuse(problem, 'integrationUserId');
    return user;
  }
}
