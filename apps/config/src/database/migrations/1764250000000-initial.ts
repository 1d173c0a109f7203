import { messagingTablesSql } from '@app/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const SCHEMA = 'config';

export class Initial1764250000000 implements MigrationInterface {
  name = 'Initial1764250000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesSql(SCHEMA).up) await q.query(sql);
    await q.query(`CREATE TABLE config.users (
      tenant_id text NOT NULL, id text NOT NULL, name text NOT NULL, email text, profile text NOT NULL,
      active boolean NOT NULL, source text NOT NULL, event_time timestamptz, updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id))`);
    await q.query(`CREATE TABLE config.order_statuses (
      tenant_id text NOT NULL, name text NOT NULL, created_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, name))`);
    await q.query(`CREATE TABLE config.integrations (
      id uuid PRIMARY KEY, tenant_id text NOT NULL, version int NOT NULL, name text NOT NULL,
      active boolean NOT NULL, deleted boolean NOT NULL,
      integration_user_id text NOT NULL, integration_user_name text NOT NULL, forward_status text NOT NULL,
      integrator_id text NOT NULL, token_sealed text NOT NULL, token_hint text NOT NULL, account_key text NOT NULL,
      account_cnpj text, account_name text, plan_limit_per_minute int NOT NULL, share double precision NOT NULL,
      rules jsonb NOT NULL, status_mapping jsonb NOT NULL, seller jsonb NOT NULL,
      last_test_at timestamptz, last_test_ok boolean, last_test_outcome text, last_test_message text,
      tested_account_key text, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX integrations_tenant_idx ON config.integrations (tenant_id)`);
    // One active Tiny integration per tenant.
    await q.query(`CREATE UNIQUE INDEX integrations_one_active_per_tenant ON config.integrations (tenant_id) WHERE active AND NOT deleted`);
    await q.query(`CREATE TABLE config.webhook_secrets (
      id bigserial PRIMARY KEY, integration_id uuid NOT NULL REFERENCES config.integrations(id),
      secret_sealed text NOT NULL, created_at timestamptz NOT NULL, expires_at timestamptz)`);
    await q.query(`CREATE INDEX webhook_secrets_integration_idx ON config.webhook_secrets (integration_id)`);
    await q.query(`CREATE TABLE config.audit_entries (
      id bigserial PRIMARY KEY, tenant_id text NOT NULL, integration_id uuid NOT NULL, actor_user_id text NOT NULL,
      actor_profile text NOT NULL, action text NOT NULL, fields jsonb NOT NULL, version int NOT NULL, at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX audit_entries_integration_idx ON config.audit_entries (tenant_id, integration_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_entries', 'webhook_secrets', 'integrations', 'order_statuses', 'users']) {
      await q.query(`DROP TABLE IF EXISTS config.${t}`);
    }
    for (const sql of messagingTablesSql(SCHEMA).down) await q.query(sql);
  }
}
