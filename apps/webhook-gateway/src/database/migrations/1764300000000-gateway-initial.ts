import { messagingTablesSql } from '@app/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const SCHEMA = 'gateway';

export class GatewayInitial1764300000000 implements MigrationInterface {
  name = 'GatewayInitial1764300000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesSql(SCHEMA).up) await q.query(sql);
    // Local replica of config.integration.changed.v1: only what the gateway checks. Secrets are kept
    // as sha256 digests, never in clear. Each integration numbers its receipts with its own sequence.
    await q.query(`CREATE TABLE gateway.integrations (
      integration_id text PRIMARY KEY, tenant_id text NOT NULL, version int NOT NULL,
      active boolean NOT NULL, deleted boolean NOT NULL, integrator_id text NOT NULL, account_cnpj text,
      sku_mapping text NOT NULL, secret_digests jsonb NOT NULL, receipt_sequence text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE gateway.received_webhooks (
      integration_id text NOT NULL, receipt_seq bigint NOT NULL, kind text NOT NULL, entity_key text NOT NULL,
      delivery_key text NOT NULL, event_id uuid NOT NULL, received_at timestamptz NOT NULL, body text NOT NULL,
      PRIMARY KEY (integration_id, receipt_seq))`);
    // Dedupe looks up the latest receipt about the same entity.
    await q.query(`CREATE INDEX received_webhooks_entity_idx ON gateway.received_webhooks (integration_id, entity_key, receipt_seq DESC)`);
    await q.query(`CREATE INDEX received_webhooks_time_idx ON gateway.received_webhooks (received_at)`);
    await q.query(`CREATE TABLE gateway.webhook_rejections (
      id bigserial PRIMARY KEY, integration_id text NOT NULL, tenant_id text NOT NULL, reason text NOT NULL,
      status int NOT NULL, kind text NOT NULL, detail text NOT NULL, path text NOT NULL, remote_ip text,
      rejected_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX webhook_rejections_integration_idx ON gateway.webhook_rejections (integration_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const seqs: { receipt_sequence: string }[] = await q.query(`SELECT receipt_sequence FROM gateway.integrations`);
    for (const s of seqs) await q.query(`DROP SEQUENCE IF EXISTS gateway."${s.receipt_sequence.replace(/"/g, '""')}"`);
    for (const t of ['webhook_rejections', 'received_webhooks', 'integrations']) await q.query(`DROP TABLE IF EXISTS gateway.${t}`);
    for (const sql of messagingTablesSql(SCHEMA).down) await q.query(sql);
  }
}
