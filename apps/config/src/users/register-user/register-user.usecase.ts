import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@app/security';
import { DataSource } from 'typeorm';
import { UserRow } from '../../database';
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

/** Where Uplaces does not publish users.user.changed.v1, an admin registers the integration user by hand. */
@Injectable()
export class RegisterUserUseCase {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

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
    await this.dataSource.getRepository(UserRow).save(row);
    return toUserView(row);
  }
}
