import { messagingTablesSql } from '@app/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Schema `dispatch`: messaging tables, integration replica, order links and history, contact/seller links. */
export class DispatchInitial1764200000000 implements MigrationInterface {
  name = 'DispatchInitial1764200000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesSql('dispatch').up) await q.query(sql);
    await q.query(`CREATE TABLE dispatch.integrations (
      integration_id text PRIMARY KEY,
      tenant_id text NOT NULL,
      version integer NOT NULL,
      active boolean NOT NULL,
      deleted boolean NOT NULL,
      settings jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX integrations_tenant_idx ON dispatch.integrations (tenant_id)`);
    await q.query(`CREATE TABLE dispatch.order_links (
      tenant_id text NOT NULL,
      order_id text NOT NULL,
      integration_id text NOT NULL,
      order_number text NOT NULL,
      -- waiting (before the forward status) | pending (to create) | sent | failed (needs a person) | cancelled
      state text NOT NULL,
      last_version integer NOT NULL,
      uplaces_status text NOT NULL,
      snapshot jsonb NOT NULL,
      tiny_order_id text,
      tiny_order_number text,
      -- Tiny's situação as far as we know (we set it, or Tiny told us)
      tiny_situacao text,
      -- what the latest Uplaces status maps to; null when unmapped
      desired_situacao text,
      -- situação being set right now (so Tiny's webhook echo of it is recognised)
      pushing_situacao text,
      -- desired situação Tiny refused; not retried until the status changes again
      status_failed_for text,
      create_attempts integer NOT NULL DEFAULT 0,
      -- an attempt to create whose outcome is unknown: search by numeroEcommerce before creating again
      attempt_open boolean NOT NULL DEFAULT false,
      next_attempt_at timestamptz,
      parked_reason text,
      failure_reason text,
      failure_kind text,
      failed_at timestamptz,
      tiny_status_seq bigint,
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, order_id)
    )`);
    await q.query(`CREATE UNIQUE INDEX order_links_number_idx ON dispatch.order_links (integration_id, order_number)`);
    await q.query(`CREATE INDEX order_links_tiny_idx ON dispatch.order_links (integration_id, tiny_order_id)`);
    await q.query(`CREATE INDEX order_links_due_idx ON dispatch.order_links (next_attempt_at) WHERE next_attempt_at IS NOT NULL`);
    await q.query(`CREATE INDEX order_links_failed_idx ON dispatch.order_links (tenant_id, failed_at DESC) WHERE state = 'failed'`);
    await q.query(`CREATE TABLE dispatch.order_history (
      id bigserial PRIMARY KEY,
      tenant_id text NOT NULL,
      order_id text NOT NULL,
      at timestamptz NOT NULL DEFAULT clock_timestamp(),
      -- event | decision | tiny-call | tiny-answer | retry | outcome | tiny-news | ops
      kind text NOT NULL,
      summary text NOT NULL,
      detail jsonb
    )`);
    await q.query(`CREATE INDEX order_history_order_idx ON dispatch.order_history (tenant_id, order_id, id)`);
    await q.query(`CREATE TABLE dispatch.seller_links (
      integration_id text NOT NULL,
      uplaces_seller_id text NOT NULL,
      tiny_vendedor_id text,
      tiny_vendedor_nome text,
      resolved_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (integration_id, uplaces_seller_id)
    )`);
    await q.query(`CREATE TABLE dispatch.contact_links (
      integration_id text NOT NULL,
      document text NOT NULL,
      tiny_contact_id text,
      checked_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (integration_id, document)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['contact_links', 'seller_links', 'order_history', 'order_links', 'integrations']) {
      await q.query(`DROP TABLE IF EXISTS dispatch.${t}`);
    }
    for (const sql of messagingTablesSql('dispatch').down) await q.query(sql);
  }
}
