import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@app/security';
import { DataSource } from 'typeorm';
import { UserRow } from '../../database';
import { DeactivateIntegrationsForUser } from '../../integrations/deactivate-for-user/deactivate-for-user';
import type { RegisterUserDto } from './register-user.dto';

export interface UserView {
  id: string;
  name: string;
  email: string | null;
  profile: string;
  active: boolean;
  source: 'event' | 'admin';
}

export function toUserView(u: UserRow): UserView {
  return { id: u.id, name: u.name, email: u.email, profile: u.profile, active: u.active, source: u.source };
}

/**
 * Where Uplaces does not publish users.user.changed.v1, an admin registers the integration user by hand.
 * Deactivating it (or changing its profile) here stops the integrations acting as it, like the event does.
 */
@Injectable()
export class RegisterUserUseCase {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly deactivate: DeactivateIntegrationsForUser,
  ) {}

  async execute(actor: Actor, dto: RegisterUserDto): Promise<UserView> {
    const row: UserRow = Object.assign(new UserRow(), {
      tenantId: actor.tenantId,
      id: dto.id,
      name: dto.name.trim(),
      email: dto.email ?? null,
      profile: dto.profile.trim(),
      active: dto.active ?? true,
      source: 'admin' as const,
      eventTime: null,
      updatedAt: new Date(),
    });
    await this.dataSource.transaction(async (m) => {
      await m.getRepository(UserRow).save(row);
      await this.deactivate.afterUserChange(m, actor, row);
    });
    return toUserView(row);
  }
}
