import type { IntegrationChangedData } from '@app/contracts';
import type { EntityManager } from 'typeorm';
import type { ProductRules } from '../../catalog/catalog.types';
import { replicaFromRow, type IntegrationReplica, type ReplicaRow } from './integration-replica';

export class IntegrationReplicaRepository {
  async find(m: EntityManager, integrationId: string, lock = false): Promise<IntegrationReplica | null> {
    const rows: ReplicaRow[] = await m.query(
      `SELECT * FROM catalog.integrations WHERE integration_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [integrationId],
    );
    return rows[0] ? replicaFromRow(rows[0]) : null;
  }

  async listActive(m: EntityManager): Promise<IntegrationReplica[]> {
    const rows: ReplicaRow[] = await m.query(
      `SELECT * FROM catalog.integrations WHERE active AND NOT deleted ORDER BY integration_id`,
    );
    return rows.map(replicaFromRow);
  }

  /**
   * Stores the settings when `data.version` is newer than the stored one. Returns the previous replica
   * (null if none) and whether it was stored, so the caller can react to an activation.
   */
  async upsertIfNewer(
    m: EntityManager,
    data: IntegrationChangedData,
  ): Promise<{ stored: boolean; previous: IntegrationReplica | null }> {
    const previous = await this.find(m, data.integrationId, true);
    if (previous && previous.version >= data.version) return { stored: false, previous };
    const rules: ProductRules = {
      ignoreCategories: data.rules.products.ignoreCategories,
      keepNameAndDescription: data.rules.products.keepNameAndDescription,
      keepStatus: data.rules.products.keepStatus,
      ignoreBrand: data.rules.products.ignoreBrand,
      keepPrices: data.rules.products.keepPrices,
      stockType: data.rules.products.stockType,
      deposits: [...data.rules.products.deposits],
      priceListId: data.rules.products.priceListId,
      skuMapping: data.rules.products.skuMapping,
    };
    await m.query(
      `INSERT INTO catalog.integrations (integration_id, tenant_id, version, name, active, deleted, integration_user_id,
         token_sealed, account_key, plan_limit_per_minute, share, product_rules, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12, now())
       ON CONFLICT (integration_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, version = EXCLUDED.version,
         name = EXCLUDED.name, active = EXCLUDED.active, deleted = EXCLUDED.deleted,
         integration_user_id = EXCLUDED.integration_user_id, token_sealed = EXCLUDED.token_sealed,
         account_key = EXCLUDED.account_key, plan_limit_per_minute = EXCLUDED.plan_limit_per_minute,
         share = EXCLUDED.share, product_rules = EXCLUDED.product_rules, updated_at = now()`,
      [
        data.integrationId, data.tenantId, data.version, data.name, data.active, data.deleted, data.integrationUser.id,
        data.tiny.tokenSealed, data.tiny.accountKey, data.tiny.planLimitPerMinute, data.tiny.share, JSON.stringify(rules),
      ],
    );
    return { stored: true, previous };
  }
}
