import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { IntegrationChangedV1 } from '@app/contracts';
import { Inbox, NonRetryableError } from '@app/messaging';
import { SecretBox, SecretBoxError } from '@app/security';
import { DataSource } from 'typeorm';
import type { SecretDigest } from '../../database/entities';
import { WebhookGatewayEnv } from '../../config';
import { IntegrationCache, REPLICA_CHANNEL } from './integration-cache';

export const REPLICA_CONSUMER = 'webhook-gateway.integration-replica';

export type ApplyOutcome = 'applied' | 'stale' | 'duplicate';

/** Name of the integration's receipt sequence (bounded length, safe identifier). */
export function receiptSequenceName(integrationId: string): string {
  return `receipt_seq_${createHash('sha256').update(integrationId).digest('hex').slice(0, 24)}`;
}

/**
 * Applies config.integration.changed.v1 to gateway.integrations: idempotent (inbox), ignores a version
 * <= the stored one, keeps only sha256 digests of the webhook secrets, creates the integration's receipt
 * sequence, and NOTIFYs every gateway replica to refresh its cache.
 */
@Injectable()
export class ApplyIntegrationChange {
  private readonly box: SecretBox;

  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: Inbox,
    private readonly cache: IntegrationCache,
    env: WebhookGatewayEnv,
  ) {
    this.box = new SecretBox(env.ENCRYPTION_KEY);
  }

  async execute(event: IntegrationChangedV1): Promise<ApplyOutcome> {
    const d = event.data;
    if (event.tenantId !== d.tenantId) throw new NonRetryableError('envelope tenantId differs from data.tenantId');
    let digests: SecretDigest[];
    try {
      digests = d.webhook.secrets.map((s) => ({
        digest: createHash('sha256').update(this.box.decrypt(s.secretSealed), 'utf8').digest('hex'),
        expiresAt: s.expiresAt,
      }));
    } catch (error) {
      if (error instanceof SecretBoxError) throw new NonRetryableError(`webhook secret cannot be opened: ${error.message}`);
      throw error;
    }
    const sequence = receiptSequenceName(d.integrationId);
    const outcome = await this.dataSource.transaction(async (m): Promise<ApplyOutcome> => {
      if (!(await this.inbox.claim(m, REPLICA_CONSUMER, event.id))) return 'duplicate';
      const rows: unknown[] = await m.query(
        `INSERT INTO gateway.integrations (integration_id, tenant_id, version, active, deleted, integrator_id,
           account_cnpj, sku_mapping, secret_digests, receipt_sequence, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, now())
         ON CONFLICT (integration_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, version = EXCLUDED.version,
           active = EXCLUDED.active, deleted = EXCLUDED.deleted, integrator_id = EXCLUDED.integrator_id,
           account_cnpj = EXCLUDED.account_cnpj, sku_mapping = EXCLUDED.sku_mapping,
           secret_digests = EXCLUDED.secret_digests, updated_at = now()
         WHERE gateway.integrations.version < EXCLUDED.version
         RETURNING 1`,
        [
          d.integrationId,
          d.tenantId,
          d.version,
          d.active,
          d.deleted,
          d.tiny.integratorId,
          d.tiny.accountCnpj ? d.tiny.accountCnpj.replace(/\D/g, '') : null,
          d.rules.products.skuMapping,
          JSON.stringify(digests),
          sequence,
        ],
      );
      if (rows.length === 0) return 'stale';
      await m.query(`CREATE SEQUENCE IF NOT EXISTS gateway.${sequence}`);
      await m.query('SELECT pg_notify($1, $2)', [REPLICA_CHANNEL, d.integrationId]);
      return 'applied';
    });
    // This process need not wait for its own NOTIFY.
    if (outcome === 'applied') await this.cache.reload(d.integrationId);
    return outcome;
  }
}
