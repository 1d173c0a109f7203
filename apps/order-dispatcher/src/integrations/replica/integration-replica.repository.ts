import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { IntegrationSettings } from './integration-settings';

interface Row {
  settings: IntegrationSettings;
}

/** Local replica of config's integrations (only what the dispatcher needs), version-guarded. */
@Injectable()
export class IntegrationReplica {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores `s` unless a version >= s.version is already stored; true when applied. */
  async apply(m: EntityManager, s: IntegrationSettings): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO dispatch.integrations (integration_id, tenant_id, version, active, deleted, settings, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (integration_id) DO UPDATE
         SET tenant_id = EXCLUDED.tenant_id, version = EXCLUDED.version, active = EXCLUDED.active,
             deleted = EXCLUDED.deleted, settings = EXCLUDED.settings, updated_at = now()
         WHERE dispatch.integrations.version < EXCLUDED.version
       RETURNING 1`,
      [s.integrationId, s.tenantId, s.version, s.active, s.deleted, JSON.stringify(s)],
    );
    return rows.length === 1;
  }

  async get(integrationId: string, m: EntityManager = this.dataSource.manager): Promise<IntegrationSettings | null> {
    const rows: Row[] = await m.query(`SELECT settings FROM dispatch.integrations WHERE integration_id = $1`, [integrationId]);
    return rows[0]?.settings ?? null;
  }

  /** The integration an order belongs to: the one named, else the tenant's only active integration. */
  async forOrder(tenantId: string, integrationId: string | undefined): Promise<IntegrationSettings | null> {
    if (integrationId) {
      const s = await this.get(integrationId);
      return s && s.tenantId === tenantId ? s : null;
    }
    const rows: Row[] = await this.dataSource.query(
      `SELECT settings FROM dispatch.integrations WHERE tenant_id = $1 AND active AND NOT deleted ORDER BY integration_id`,
      [tenantId],
    );
    return rows.length === 1 ? rows[0].settings : null;
  }
}
