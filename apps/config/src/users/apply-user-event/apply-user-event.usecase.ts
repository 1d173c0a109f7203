import { Inject, Injectable } from '@nestjs/common';
import type { UserChangedV1 } from '@app/contracts';
import { Inbox } from '@app/messaging';
import { DataSource } from 'typeorm';
import { UserRow } from '../../database';

export const APPLY_USER_EVENT_CONSUMER = 'config.apply-user-event';

/** Keeps the user directory in step with Uplaces; an event older than what we hold is ignored. */
@Injectable()
export class ApplyUserEventUseCase {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Inbox) private readonly inbox: Inbox,
  ) {}

  /** Returns false when the event was a duplicate or older than the stored state. */
  async execute(event: UserChangedV1): Promise<boolean> {
    const { data } = event;
    const time = new Date(event.time);
    return this.dataSource.transaction(async (m) => {
      if (!(await this.inbox.claim(m, APPLY_USER_EVENT_CONSUMER, event.id))) return false;
      const repo = m.getRepository(UserRow);
      // The tenant is the envelope's; a body naming another tenant is not trusted over it.
      const tenantId = event.tenantId;
      const current = await repo.findOne({ where: { tenantId, id: data.id }, lock: { mode: 'pessimistic_write' } });
      if (current?.eventTime && current.eventTime >= time) return false;
      await repo.save(
        Object.assign(new UserRow(), {
          tenantId,
          id: data.id,
          name: data.name,
          email: data.email ?? null,
          profile: data.profile,
          active: data.active,
          source: 'event' as const,
          eventTime: time,
          updatedAt: new Date(),
        }),
      );
      return true;
    });
  }
}
