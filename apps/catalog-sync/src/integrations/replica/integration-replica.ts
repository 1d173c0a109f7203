import type { ProductRules } from '../../catalog/catalog.types';

/** The slice of config.integration.changed.v1 catalog-sync keeps (catalog.integrations). */
export interface IntegrationReplica {
  integrationId: string;
  tenantId: string;
  version: number;
  name: string;
  active: boolean;
  deleted: boolean;
  integrationUserId: string;
  tokenSealed: string;
  accountKey: string;
  planLimitPerMinute: number;
  share: number;
  rules: ProductRules;
}

interface ReplicaRow {
  integration_id: string;
  tenant_id: string;
  version: number;
  name: string;
  active: boolean;
  deleted: boolean;
  integration_user_id: string;
  token_sealed: string;
  account_key: string;
  plan_limit_per_minute: number;
  share: string;
  product_rules: ProductRules;
}

export function replicaFromRow(r: ReplicaRow): IntegrationReplica {
  return {
    integrationId: r.integration_id,
    tenantId: r.tenant_id,
    version: r.version,
    name: r.name,
    active: r.active,
    deleted: r.deleted,
    integrationUserId: r.integration_user_id,
    tokenSealed: r.token_sealed,
    accountKey: r.account_key,
    planLimitPerMinute: r.plan_limit_per_minute,
    share: Number(r.share),
    rules: r.product_rules,
  };
}

export type { ReplicaRow };
