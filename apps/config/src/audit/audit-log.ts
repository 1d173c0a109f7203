import { Injectable } from '@nestjs/common';
import type { Actor } from '@app/security';
import type { EntityManager } from 'typeorm';
import { AuditEntryRow } from '../database';

/** Records who changed what on an integration (field names only, never values: some are secrets). */
@Injectable()
export class AuditLog {
  async record(m: EntityManager, actor: Actor, integrationId: string, version: number, action: string, fields: string[]): Promise<void> {
    await m.getRepository(AuditEntryRow).insert({
      tenantId: actor.tenantId,
      integrationId,
      actorUserId: actor.userId,
      actorProfile: actor.profile,
      action,
      fields: [...new Set(fields)].sort(),
      version,
      at: new Date(),
    });
  }
}
