import { Injectable } from '@nestjs/common';
import { normaliseProfile } from '@app/security';
import type { EntityManager } from 'typeorm';
import { UserRow } from '../database';
import { INTEGRATION_PROFILE } from '../shared/defaults';
import { refuse } from '../shared/http-errors';

/** Port over the tenant's Uplaces users as config knows them. */
@Injectable()
export class UserDirectory {
  /** The user an integration acts as: must belong to the tenant, be active and have profile Integração. */
  async requireIntegrationUser(m: EntityManager, tenantId: string, userId: string): Promise<UserRow> {
    const user = await m.getRepository(UserRow).findOneBy({ tenantId, id: userId });
    if (!user) throw refuse(`Usuário "${userId}" não encontrado nesta conta da Uplaces.`, 'integrationUserId');
    if (!user.active) throw refuse(`O usuário "${user.name}" está inativo. Escolha um usuário ativo com o perfil Integração.`, 'integrationUserId');
    if (normaliseProfile(user.profile) !== INTEGRATION_PROFILE) {
      throw refuse(
        `O usuário "${user.name}" não tem o perfil Integração (perfil atual: "${user.profile}"). Cadastre um usuário exclusivo com o perfil Integração.`,
        'integrationUserId',
      );
    }
    return user;
  }
}
