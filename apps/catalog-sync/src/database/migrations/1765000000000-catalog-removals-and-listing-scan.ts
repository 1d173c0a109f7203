import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Products removed in Tiny (excluded, situação E, or gone, code 32) keep their row and history and are
 * marked; reconciliation keeps a second rolling cursor over produtos.pesquisa (situação A+I, then E) for
 * price, status and removal drift.
 */
export class CatalogRemovalsAndListingScan1765000000000 implements MigrationInterface {
  name = 'CatalogRemovalsAndListingScan1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE catalog.products ADD COLUMN removal text, ADD COLUMN removed_at timestamptz`);
    await q.query(`ALTER TABLE catalog.reconcile_state ADD COLUMN list_situacao text NOT NULL DEFAULT '',
      ADD COLUMN list_page integer NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE catalog.reconcile_state DROP COLUMN list_situacao, DROP COLUMN list_page`);
    await q.query(`ALTER TABLE catalog.products DROP COLUMN removal, DROP COLUMN removed_at`);
  }
}
