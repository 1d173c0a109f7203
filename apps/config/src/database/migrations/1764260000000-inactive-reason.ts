import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Why config deactivated an integration by itself (pt-BR, shown to the admin); null otherwise. */
export class InactiveReason1764260000000 implements MigrationInterface {
  name = 'InactiveReason1764260000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE config.integrations ADD COLUMN inactive_reason text`);
    await q.query(`CREATE INDEX integrations_user_idx ON config.integrations (tenant_id, integration_user_id)`);
    await q.query(`CREATE INDEX webhook_secrets_expires_idx ON config.webhook_secrets (expires_at) WHERE expires_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS config.webhook_secrets_expires_idx`);
    await q.query(`DROP INDEX IF EXISTS config.integrations_user_idx`);
    await q.query(`ALTER TABLE config.integrations DROP COLUMN inactive_reason`);
  }
}
