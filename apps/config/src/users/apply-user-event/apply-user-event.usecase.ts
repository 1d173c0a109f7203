import { Inject, Injectable, Logger } from '@nestjs/common';
import type { UserChangedV1 } from '@app/contracts';
import { Inbox } from '@app/messaging';
import { DataSource } from 'typeorm';
import { UserRow } from '../../database';
import { DeactivateIntegrationsForUser, systemActor } from '../../integrations/deactivate-for-user/deactivate-for-user';

export const APPLY_USER_EVENT_CONSUMER = 'config.apply-user-event';

/**
 * Keeps the user directory in step with Uplaces; an event older than what we hold is ignored. A user
 * deactivated or no longer Integração stops the integrations acting as it (actor "system").
 */
@Injectable()
export class ApplyUserEventUseCase {
  private readonly logger = new Logger(ApplyUserEventUseCase.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Inbox) private readonly inbox: Inbox,
    private readonly deactivate: DeactivateIntegrationsForUser,
  ) {}

  /** Returns false when the event was a duplicate or older than the stored state. */
  async execute(event: UserChangedV1): Promise<boolean> {
    const { data } = event;
    const time = new Date(event.time);
    const result = await this.dataSource.transaction(async (m) => {
      if (!(await this.inbox.claim(m, APPLY_USER_EVENT_CONSUMER, event.id))) return null;
      const repo = m.getRepository(UserRow);
      // The tenant is the envelope's; a body naming another tenant is not trusted over it.
      const tenantId = event.tenantId;
      const current = await repo.findOne({ where: { tenantId, id: data.id }, lock: { mode: 'pessimistic_write' } });
      if (current?.eventTime && current.eventTime >= time) return null;
      const user = Object.assign(new UserRow(), {
        tenantId,
        id: data.id,
        name: data.name,
        email: data.email ?? null,
        profile: data.profile,
        active: data.active,
        source: 'event' as const,
        eventTime: time,
        updatedAt: new Date(),
      });
      await repo.save(user);
      return { deactivated: await this.deactivate.afterUserChange(m, systemActor(tenantId), user) };
    });
    if (result && result.deactivated.length > 0) {
      this.logger.warn({ tenantId: event.tenantId, userId: data.id, integrationIds: result.deactivated }, 'integrations deactivated: their user can no longer act for them');
    }
    return result !== null;
  }
}
