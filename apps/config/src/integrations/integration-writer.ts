import { Inject, Injectable } from '@nestjs/common';
import { createEvent, IntegrationChangedV1 } from '@app/contracts';
import { OutboxPublisher } from '@app/messaging';
import type { Actor } from '@app/security';
import { IsNull, LessThanOrEqual, MoreThan, type EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { IntegrationRow, WebhookSecretRow } from '../database';
import { integrationNotFound } from '../shared/http-errors';

export const SERVICE_SOURCE = 'config';

/**
 * The one way an integration changes: bump its version, save, audit and put the full settings on the
 * outbox, all in the caller's transaction (so the event exists iff the change committed).
 */
@Injectable()
export class IntegrationWriter {
  constructor(
    @Inject(OutboxPublisher) private readonly outbox: OutboxPublisher,
    private readonly audit: AuditLog,
  ) {}

  /** The caller's tenant's integration, locked for update; 404 for another tenant's or a deleted one. */
  async lock(m: EntityManager, tenantId: string, id: string): Promise<IntegrationRow> {
    const row = await m.getRepository(IntegrationRow).findOne({ where: { id, tenantId, deleted: false }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw integrationNotFound();
    return row;
  }

  async commit(m: EntityManager, actor: Actor, row: IntegrationRow, action: string, fields: string[]): Promise<IntegrationRow> {
    row.version += 1;
    row.updatedAt = new Date();
    // A reason only explains an inactive integration.
    if (row.active) row.inactiveReason = null;
    await m.getRepository(IntegrationRow).save(row);
    await this.audit.record(m, actor, row.id, row.version, action, fields);
    await this.publish(m, row);
    return row;
  }

  /** Puts the integration's current state on the outbox (also used by resync, without a version bump). */
  async publish(m: EntityManager, row: IntegrationRow): Promise<void> {
    // Lazy half of the expiry sweep (see ExpiredSecretsSweeper): a published state never lists them.
    await this.deleteExpiredSecrets(m, row.id);
    const secrets = await this.liveSecrets(m, row.id);
    const event = createEvent(IntegrationChangedV1, {
      source: SERVICE_SOURCE,
      tenantId: row.tenantId,
      integrationId: row.id,
      data: {
        integrationId: row.id,
        tenantId: row.tenantId,
        version: row.version,
        name: row.name,
        active: row.active,
        deleted: row.deleted,
        integrationUser: { id: row.integrationUserId, name: row.integrationUserName },
        forwardStatus: row.forwardStatus,
        tiny: {
          integratorId: row.integratorId,
          tokenSealed: row.tokenSealed,
          accountKey: row.accountKey,
          accountCnpj: row.accountCnpj,
          accountName: row.accountName,
          planLimitPerMinute: row.planLimitPerMinute,
          share: row.share,
        },
        webhook: { secrets: secrets.map((s) => ({ secretSealed: s.secretSealed, expiresAt: s.expiresAt?.toISOString() ?? null })) },
        rules: row.rules,
        statusMapping: row.statusMapping,
        seller: row.seller,
      },
    });
    await this.outbox.add(m, event);
  }

  /** Removes the rotated-out secrets past their grace period (of one integration, or all). Returns how many. */
  async deleteExpiredSecrets(m: EntityManager, integrationId?: string): Promise<number> {
    const result = await m.getRepository(WebhookSecretRow).delete({ ...(integrationId ? { integrationId } : {}), expiresAt: LessThanOrEqual(new Date()) });
    return result.affected ?? 0;
  }

  /** Current secret first, then rotated-out ones still within their grace period. */
  async liveSecrets(m: EntityManager, integrationId: string): Promise<WebhookSecretRow[]> {
    const repo = m.getRepository(WebhookSecretRow);
    const current = await repo.find({ where: { integrationId, expiresAt: IsNull() }, order: { id: 'DESC' } });
    const previous = await repo.find({ where: { integrationId, expiresAt: MoreThan(new Date()) }, order: { id: 'DESC' } });
    return [...current, ...previous];
  }
}
